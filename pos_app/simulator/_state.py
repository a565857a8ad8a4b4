"""The simulated Stripe account: locations, readers, hardware stand-ins and payment intents.

Every public method takes the account's single re-entrant lock. Time-driven behaviour (a
reader going offline, a card tapped ``delay_ms`` after a payment starts, an authorization
finishing) is computed lazily from timestamps whenever an object is looked at, so no timer
thread is needed and an injected clock drives everything.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pos_app.simulator._wire import (
    JSON,
    StripeError,
    empty,
    invalid,
    missing,
    new_id,
    no_such,
    paginate,
    reader_busy,
    reader_offline,
    reader_timeout,
    unknown,
)

SIMULATED_CODES: dict[str, str] = {
    "simulated-wpe": "simulated_wisepos_e",
    "simulated-s700": "simulated_stripe_s700",
    "simulated-s710": "simulated_stripe_s710",
}

#: Reader device types known to stripe-python 16.1.0 for API 2026-10-28.endive.
DEVICE_TYPES_2026: tuple[str, ...] = (
    "bbpos_chipper2x",
    "bbpos_wisepad3",
    "bbpos_wisepos_e",
    "mobile_phone_reader",
    "simulated_stripe_s700",
    "simulated_stripe_s710",
    "simulated_stripe_t600",
    "simulated_verifone_m425",
    "simulated_verifone_p630",
    "simulated_verifone_ux700",
    "simulated_verifone_v660p",
    "simulated_wisepos_e",
    "stripe_m2",
    "stripe_s700",
    "stripe_s710",
    "stripe_t600",
    "verifone_P400",
    "verifone_m425",
    "verifone_p630",
    "verifone_ux700",
    "verifone_v660p",
)

#: Physical smart readers the simulator can stand in for (``POST /_sim/devices``).
HARDWARE_TYPES: tuple[str, ...] = ("bbpos_wisepos_e", "stripe_s700", "stripe_s710", "verifone_P400")

_SW_VERSION = {
    "bbpos_wisepos_e": "2.37.2.0",
    "stripe_s700": "2.37.2.0",
    "stripe_s710": "2.37.2.0",
    "verifone_P400": "3.22.0.0",
}

_CODE_WORDS_TEXT = (
    "amber azure beige black blue bronze coral crimson cyan denim ebony emerald "
    "fuchsia gold green indigo ivory jade khaki lavender lemon lilac lime magenta "
    "maroon mint navy ochre olive orange peach pearl pink plum purple red "
    "rose ruby rust saffron sage salmon sand scarlet sepia silver sky slate "
    "teal topaz violet white aqua cerulean"
)
_CODE_WORDS = tuple(_CODE_WORDS_TEXT.split())

_COUNTRIES_TEXT = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW"
)
_COUNTRIES = frozenset(_COUNTRIES_TEXT.split())
_NO_POSTAL_CODE = {"AE", "HK", "IE", "QA", "BS", "BZ", "FJ", "JM", "GH"}
_STATE_REQUIRED = {"US", "CA", "AU"}

# card number -> (code, decline_code, message); anything else that passes Luhn approves.
_DECLINES: dict[str, tuple[str, str, str]] = {
    "4000000000000002": ("card_declined", "generic_decline", "Your card was declined."),
    "4000000000009995": (
        "card_declined",
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
    "4000000000009987": ("card_declined", "lost_card", "Your card was declined."),
    "4000000000009979": ("card_declined", "stolen_card", "Your card was declined."),
    "4000000000000069": ("expired_card", "expired_card", "Your card has expired."),
    "4000000000000119": (
        "processing_error",
        "processing_error",
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}

_TEST_PAYMENT_METHODS = {
    "pm_card_visa": None,
    "pm_card_mastercard": None,
    "pm_card_amex": None,
    "pm_card_chargeDeclined": _DECLINES["4000000000000002"],
    "pm_card_chargeDeclinedInsufficientFunds": _DECLINES["4000000000009995"],
    "pm_card_chargeDeclinedExpiredCard": _DECLINES["4000000000000069"],
    "pm_card_chargeDeclinedProcessingError": _DECLINES["4000000000000119"],
}

#: First API version without a writable ``payment_method_types`` on PaymentIntents.
PAYMENT_METHOD_TYPES_REMOVED = "2026-09-30"

_CANCELABLE = (
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
    "processing",
)


def luhn_ok(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def card_outcome(number: str) -> tuple[str, str | None, str] | None:
    """None when the card approves, else ``(code, decline_code, message)``."""
    if number in _DECLINES:
        return _DECLINES[number]
    if not luhn_ok(number):
        return ("incorrect_number", None, "Your card number is incorrect.")
    return None


# --------------------------------------------------------------------------- params helpers


def _check_params(params: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed_set = {"expand", *allowed}
    for key in params:
        if key not in allowed_set:
            raise unknown(key)


def expand_list(params: Mapping[str, Any]) -> list[str]:
    raw = params.get("expand")
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [str(item) for item in raw]
    raise invalid("expand", "Invalid array")


def _int(value: Any, param: str) -> int:
    if isinstance(value, (bool, dict, list)):
        raise invalid(param, f"Invalid integer: {value}", "parameter_invalid_integer")
    try:
        return int(str(value))
    except ValueError:
        raise invalid(param, f"Invalid integer: {value}", "parameter_invalid_integer") from None


def _bool(value: Any, param: str) -> bool:
    text = str(value).lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise invalid(param, f"Invalid boolean: {value}")


def _string(params: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = params.get(key)
    if value is None:
        if required:
            raise missing(key)
        return None
    if not isinstance(value, str):
        raise invalid(key, f"Invalid string: {value!r}")
    if value == "" and required:
        raise empty(key)
    if len(value) > 5000:
        raise invalid(key, f"Invalid string: must be at most 5000 characters ({key})")
    return value


def apply_metadata(current: Mapping[str, str], value: Any) -> dict[str, str]:
    """Stripe's metadata merge: ``metadata=`` unsets all, ``metadata[k]=`` unsets one key."""
    if value is None:
        return dict(current)
    if value == "":
        return {}
    if not isinstance(value, dict):
        raise invalid("metadata", "Invalid object")
    merged = dict(current)
    for key, item in value.items():
        if not isinstance(item, str):
            raise invalid(f"metadata[{key}]", "Invalid string")
        if len(key) > 40:
            raise invalid(
                f"metadata[{key}]",
                "Metadata keys can have up to 40 characters; the key you provided has "
                f"{len(key)} characters.",
            )
        if len(item) > 500:
            raise invalid(
                f"metadata[{key}]",
                "Metadata values can have up to 500 characters, but you passed in a value that "
                f"is {len(item)} characters.",
            )
        if item == "":
            merged.pop(key, None)
        else:
            merged[key] = item
    if len(merged) > 50:
        raise invalid("metadata", "You can specify up to 50 keys for metadata.")
    return merged


def _cannot_expand(path: str) -> StripeError:
    return StripeError(400, f"This property cannot be expanded ({path}).", save_idempotent=False)


# --------------------------------------------------------------------------- objects


@dataclass
class Location:
    id: str
    display_name: str
    address: dict[str, str | None]
    metadata: dict[str, str] = field(default_factory=dict)
    configuration_overrides: str | None = None
    seq: int = 0


@dataclass
class Device:
    serial_number: str
    device_type: str
    ip_address: str
    registration_code: str | None
    reader_id: str | None = None


@dataclass
class Reader:
    id: str
    device_type: str
    serial_number: str
    label: str
    default_label: str
    location: str | None
    ip_address: str
    device_sw_version: str
    simulated: bool
    seq: int
    metadata: dict[str, str] = field(default_factory=dict)
    powered: bool = True
    networked: bool = True
    unreachable_since: float | None = None
    action: JSON | None = None
    next_card: str | None = None
    next_card_delay: float = 0.0
    card_due_at: float | None = None
    auth_number: str | None = None
    auth_done_at: float | None = None

    @property
    def reachable(self) -> bool:
        return self.powered and self.networked


class Account:
    """One simulated Stripe account, shared by every API key."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        offline_after: float = 120.0,
        state_file: str | os.PathLike[str] | None = None,
        seed: bool = False,
    ) -> None:
        self._lock = threading.RLock()
        self._clock = clock
        self._initial_offline_after = offline_after
        self.offline_after = offline_after
        self.authorization_delay = 0.0
        self._state_file = Path(state_file) if state_file is not None else None
        self._seeded = seed
        self._seq = 0
        self._ip_counter = 20
        self.locations: dict[str, Location] = {}
        self.readers: dict[str, Reader] = {}
        self.devices: dict[str, Device] = {}
        self.payment_intents: dict[str, JSON] = {}
        self.charges: dict[str, JSON] = {}
        with self._lock:
            self._load()
            if seed:
                self._seed()
            self._save()

    # ------------------------------------------------------------------ housekeeping

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _now(self) -> float:
        return float(self._clock())

    def _seed(self) -> None:
        shop = next(
            (loc for loc in self.locations.values() if loc.display_name == "Training shop"), None
        )
        if shop is None:
            shop = self._new_location(
                "Training shop",
                {
                    "line1": "12 rue de Rivoli",
                    "line2": None,
                    "city": "Paris",
                    "postal_code": "75004",
                    "state": None,
                    "country": "FR",
                },
                {},
            )
        labels = {reader.label for reader in self.readers.values()}
        for label, code in (
            ("Counter reader 1", "simulated-wpe"),
            ("Counter reader 2", "simulated-s700"),
        ):
            if label not in labels:
                self._new_simulated_reader(code, label, shop.id, {})
        if not self.devices:
            for device_type in ("bbpos_wisepos_e", "stripe_s700", "verifone_P400"):
                self._new_device(device_type)

    def _load(self) -> None:
        if self._state_file is None or not self._state_file.exists():
            return
        text = self._state_file.read_text(encoding="utf-8").strip()
        if not text:
            return
        data = json.loads(text)
        for raw in data.get("locations", []):
            location = Location(**raw)
            self.locations[location.id] = location
        for raw in data.get("readers", []):
            reader = Reader(**raw)
            self.readers[reader.id] = reader
        for raw in data.get("devices", []):
            device = Device(**raw)
            self.devices[device.serial_number] = device
        self._seq = max(
            [0, *(x.seq for x in self.locations.values()), *(r.seq for r in self.readers.values())]
        )
        self._ip_counter = int(data.get("ip_counter", self._ip_counter))

    def _save(self) -> None:
        if self._state_file is None:
            return
        data = {
            "locations": [vars(loc) for loc in self.locations.values()],
            "readers": [
                {
                    "id": r.id,
                    "device_type": r.device_type,
                    "serial_number": r.serial_number,
                    "label": r.label,
                    "default_label": r.default_label,
                    "location": r.location,
                    "ip_address": r.ip_address,
                    "device_sw_version": r.device_sw_version,
                    "simulated": r.simulated,
                    "seq": r.seq,
                    "metadata": r.metadata,
                }
                for r in self.readers.values()
            ],
            "devices": [vars(device) for device in self.devices.values()],
            "ip_counter": self._ip_counter,
        }
        directory = self._state_file.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sim-state-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.replace(tmp, self._state_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def reset(self) -> None:
        """Everything back to the initial state (reseeded when the account was seeded)."""
        with self._lock:
            self.locations.clear()
            self.readers.clear()
            self.devices.clear()
            self.payment_intents.clear()
            self.charges.clear()
            self.offline_after = self._initial_offline_after
            self.authorization_delay = 0.0
            self._seq = 0
            self._ip_counter = 20
            if self._seeded:
                self._seed()
            self._save()

    def configure(
        self, *, offline_after: float | None = None, authorization_delay_ms: float | None = None
    ) -> JSON:
        with self._lock:
            if offline_after is not None:
                self.offline_after = max(0.0, float(offline_after))
            if authorization_delay_ms is not None:
                self.authorization_delay = max(0.0, float(authorization_delay_ms) / 1000.0)
            return {
                "offline_after": self.offline_after,
                "authorization_delay_ms": self.authorization_delay * 1000.0,
            }

    # ------------------------------------------------------------------ locations

    def _new_location(
        self, display_name: str, address: dict[str, str | None], metadata: dict[str, str]
    ) -> Location:
        location = Location(
            id=new_id("tml_"),
            display_name=display_name,
            address=address,
            metadata=metadata,
            seq=self._next_seq(),
        )
        self.locations[location.id] = location
        return location

    @staticmethod
    def _validate_address(
        raw: Any, base: Mapping[str, str | None] | None = None
    ) -> dict[str, str | None]:
        if raw == "" or raw is None:
            raise missing("address")
        if not isinstance(raw, dict):
            raise invalid("address", "Invalid object")
        for key in raw:
            if key not in ("line1", "line2", "city", "postal_code", "state", "country"):
                raise unknown(f"address[{key}]")
        address: dict[str, str | None] = dict(base or {})
        for key in ("line1", "line2", "city", "postal_code", "state", "country"):
            if key in raw:
                value = raw[key]
                if not isinstance(value, str):
                    raise invalid(f"address[{key}]", "Invalid string")
                address[key] = value or None
            else:
                address.setdefault(key, None)
        country = address.get("country")
        if not country:
            raise missing("address[country]")
        country = country.upper()
        if country not in _COUNTRIES:
            raise invalid(
                "address[country]",
                f"Country '{country}' is unknown. Try using a 2-character alphanumeric country "
                "code instead, such as 'US', 'EG', or 'GB'.",
            )
        address["country"] = country
        needed = ["line1", "city"]
        if country not in _NO_POSTAL_CODE:
            needed.append("postal_code")
        if country in _STATE_REQUIRED:
            needed.append("state")
        for key in needed:
            if not address.get(key):
                raise missing(f"address[{key}]")
        return address

    def _render_location(self, location: Location) -> JSON:
        body: JSON = {
            "id": location.id,
            "object": "terminal.location",
            "address": {
                key: location.address.get(key)
                for key in ("city", "country", "line1", "line2", "postal_code", "state")
            },
            "display_name": location.display_name,
            "livemode": False,
            "metadata": dict(location.metadata),
        }
        if location.configuration_overrides:
            body["configuration_overrides"] = location.configuration_overrides
        return body

    def _location(self, location_id: str) -> Location:
        location = self.locations.get(location_id)
        if location is None:
            raise no_such("location", location_id)
        return location

    def create_location(self, params: Mapping[str, Any]) -> JSON:
        _check_params(
            params,
            (
                "display_name",
                "address",
                "metadata",
                "configuration_overrides",
                "display_name_kana",
                "display_name_kanji",
                "address_kana",
                "address_kanji",
                "phone",
            ),
        )
        with self._lock:
            display_name = _string(params, "display_name", required=True)
            assert display_name is not None
            if "address" not in params:
                raise missing("address")
            address = self._validate_address(params["address"])
            metadata = apply_metadata({}, params.get("metadata"))
            location = self._new_location(display_name, address, metadata)
            overrides = _string(params, "configuration_overrides")
            location.configuration_overrides = overrides or None
            self._save()
            return self._render_location(location)

    def retrieve_location(self, location_id: str) -> JSON:
        with self._lock:
            return self._render_location(self._location(location_id))

    def update_location(self, location_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("display_name", "address", "metadata", "configuration_overrides"))
        with self._lock:
            location = self._location(location_id)
            display_name = location.display_name
            if "display_name" in params:
                display_name = _string(params, "display_name", required=True) or display_name
            address = location.address
            if "address" in params:
                address = self._validate_address(params["address"], location.address)
            metadata = apply_metadata(location.metadata, params.get("metadata"))
            location.display_name = display_name
            location.address = address
            location.metadata = metadata
            if "configuration_overrides" in params:
                location.configuration_overrides = (
                    _string(params, "configuration_overrides") or None
                )
            self._save()
            return self._render_location(location)

    def list_locations(self, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("limit", "starting_after", "ending_before"))
        with self._lock:
            ordered = sorted(self.locations.values(), key=lambda loc: loc.seq, reverse=True)
            items = [self._render_location(loc) for loc in ordered]
            return paginate(items, params, "/v1/terminal/locations", "location")

    def delete_location(self, location_id: str) -> JSON:
        with self._lock:
            self._location(location_id)
            del self.locations[location_id]
            self._save()
            return {"id": location_id, "object": "terminal.location", "deleted": True}

    # ------------------------------------------------------------------ devices

    def _new_code(self) -> str:
        used = {d.registration_code for d in self.devices.values()}
        while True:
            words = [secrets.choice(_CODE_WORDS) for _ in range(3)]
            code = "-".join(words)
            if len(set(words)) == 3 and code not in used:
                return code

    def _new_device(self, device_type: str) -> Device:
        digits = "".join(secrets.choice("0123456789") for _ in range(9))
        if device_type == "bbpos_wisepos_e":
            serial = f"WSC513{digits}"
        elif device_type == "stripe_s700":
            serial = f"STRM26{digits}"
        elif device_type == "stripe_s710":
            serial = f"STRM27{digits}"
        else:
            serial = f"275-{digits[:3]}-{digits[3:6]}"
        self._ip_counter += 1
        device = Device(
            serial_number=serial,
            device_type=device_type,
            ip_address=f"192.168.1.{self._ip_counter % 250 + 2}",
            registration_code=self._new_code(),
        )
        self.devices[serial] = device
        return device

    @staticmethod
    def _render_device(device: Device) -> JSON:
        return {
            "serial_number": device.serial_number,
            "device_type": device.device_type,
            "ip_address": device.ip_address,
            "registration_code": device.registration_code,
            "reader": device.reader_id,
        }

    def list_devices(self) -> list[JSON]:
        with self._lock:
            return [self._render_device(device) for device in self.devices.values()]

    def add_device(self, device_type: str) -> JSON:
        if device_type not in HARDWARE_TYPES:
            raise invalid("device_type", f"device_type must be one of {', '.join(HARDWARE_TYPES)}")
        with self._lock:
            device = self._new_device(device_type)
            self._save()
            return self._render_device(device)

    # ------------------------------------------------------------------ readers

    def _reader(self, reader_id: str) -> Reader:
        reader = self.readers.get(reader_id)
        if reader is None:
            raise no_such("terminal.reader", reader_id)
        return reader

    def _status(self, reader: Reader, now: float) -> str:
        if reader.reachable:
            return "online"
        since = reader.unreachable_since if reader.unreachable_since is not None else now
        return "online" if now - since < self.offline_after else "offline"

    def _new_simulated_reader(
        self, code: str, label: str | None, location: str | None, metadata: dict[str, str]
    ) -> Reader:
        serial = str(uuid.uuid4())
        default_label = f"{code}-{serial}"
        reader = Reader(
            id=new_id("tmr_"),
            device_type=SIMULATED_CODES[code],
            serial_number=serial,
            label=label or default_label,
            default_label=default_label,
            location=location,
            ip_address="0.0.0.0",
            device_sw_version="2.37.2.0",
            simulated=True,
            seq=self._next_seq(),
            metadata=metadata,
        )
        self.readers[reader.id] = reader
        return reader

    def _render_action(self, action: JSON, expand: Iterable[str]) -> JSON:
        body = copy.deepcopy(action)
        if (
            "action.process_payment_intent.payment_intent" in expand
            and "process_payment_intent" in body
        ):
            pi_id = body["process_payment_intent"]["payment_intent"]
            pi = self.payment_intents.get(pi_id)
            if pi is not None:
                body["process_payment_intent"]["payment_intent"] = self._render_pi(pi, ())
        return body

    def _render_reader(self, reader: Reader, now: float, expand: Iterable[str] = ()) -> JSON:
        self._advance(reader, now)
        expand = list(expand)
        for path in expand:
            if path not in ("location", "action.process_payment_intent.payment_intent"):
                raise _cannot_expand(path)
        location: Any = reader.location
        if "location" in expand and reader.location in self.locations:
            location = self._render_location(self.locations[reader.location])
        seen = now if reader.reachable else (reader.unreachable_since or now)
        return {
            "id": reader.id,
            "object": "terminal.reader",
            "action": self._render_action(reader.action, expand) if reader.action else None,
            "device_sw_version": reader.device_sw_version,
            "device_type": reader.device_type,
            "ip_address": reader.ip_address,
            "label": reader.label,
            "last_seen_at": int(seen * 1000),
            "livemode": False,
            "location": location,
            "metadata": dict(reader.metadata),
            "serial_number": reader.serial_number,
            "status": self._status(reader, now),
        }

    def register_reader(self, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("registration_code", "label", "location", "metadata"))
        with self._lock:
            now = self._now()
            expand = expand_list(params)
            code = _string(params, "registration_code", required=True)
            assert code is not None
            label = _string(params, "label") or None
            location = _string(params, "location") or None
            if location is not None and location not in self.locations:
                raise no_such("location", location, param="location", status=400)
            metadata = apply_metadata({}, params.get("metadata"))
            normalized = code.strip().lower()
            if normalized in SIMULATED_CODES:
                reader = self._new_simulated_reader(normalized, label, location, metadata)
            else:
                device = next(
                    (d for d in self.devices.values() if d.registration_code == normalized), None
                )
                if device is None:
                    raise StripeError(
                        400,
                        f"The registration code '{code}' is invalid or has already been used. "
                        "Check the code displayed on the reader and try again.",
                        param="registration_code",
                    )
                reader = Reader(
                    id=new_id("tmr_"),
                    device_type=device.device_type,
                    serial_number=device.serial_number,
                    label=label or device.serial_number,
                    default_label=device.serial_number,
                    location=location,
                    ip_address=device.ip_address,
                    device_sw_version=_SW_VERSION.get(device.device_type, "2.37.2.0"),
                    simulated=False,
                    seq=self._next_seq(),
                    metadata=metadata,
                )
                self.readers[reader.id] = reader
                device.registration_code = None
                device.reader_id = reader.id
            self._save()
            return self._render_reader(reader, now, expand)

    def retrieve_reader(self, reader_id: str, params: Mapping[str, Any] | None = None) -> JSON:
        params = params or {}
        _check_params(params, ())
        with self._lock:
            return self._render_reader(self._reader(reader_id), self._now(), expand_list(params))

    def update_reader(self, reader_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("label", "metadata"))
        with self._lock:
            reader = self._reader(reader_id)
            label = reader.label
            if "label" in params:
                label = _string(params, "label") or reader.default_label
            metadata = apply_metadata(reader.metadata, params.get("metadata"))
            reader.label = label
            reader.metadata = metadata
            self._save()
            return self._render_reader(reader, self._now(), expand_list(params))

    def list_readers(self, params: Mapping[str, Any]) -> JSON:
        _check_params(
            params,
            (
                "limit",
                "starting_after",
                "ending_before",
                "location",
                "status",
                "serial_number",
                "device_type",
            ),
        )
        with self._lock:
            now = self._now()
            expand = [p.removeprefix("data.") for p in expand_list(params)]
            for path in expand_list(params):
                if not path.startswith("data."):
                    raise _cannot_expand(path)
            status = params.get("status")
            if status not in (None, "online", "offline"):
                raise invalid(
                    "status", f"Invalid status: must be one of online or offline ({status})"
                )
            device_type = params.get("device_type")
            if device_type is not None and device_type not in DEVICE_TYPES_2026:
                raise invalid(
                    "device_type",
                    f"Invalid device_type: must be one of {', '.join(DEVICE_TYPES_2026)}",
                )
            location = params.get("location")
            serial = params.get("serial_number")
            ordered = sorted(self.readers.values(), key=lambda r: r.seq, reverse=True)
            items = []
            for reader in ordered:
                if location is not None and reader.location != location:
                    continue
                if serial is not None and reader.serial_number != serial:
                    continue
                if device_type is not None and reader.device_type != device_type:
                    continue
                rendered = self._render_reader(reader, now, expand)
                if status is not None and rendered["status"] != status:
                    continue
                items.append(rendered)
            return paginate(items, params, "/v1/terminal/readers", "terminal.reader")

    def delete_reader(self, reader_id: str) -> JSON:
        with self._lock:
            self._reader(reader_id)
            del self.readers[reader_id]
            for device in self.devices.values():
                if device.reader_id == reader_id:
                    device.reader_id = None
                    device.registration_code = self._new_code()
            self._save()
            return {"id": reader_id, "object": "terminal.reader", "deleted": True}

    # ------------------------------------------------------------------ reader actions

    def _require_reachable(self, reader: Reader, now: float) -> None:
        if self._status(reader, now) == "offline":
            raise reader_offline()
        if not reader.reachable:
            raise reader_timeout()

    @staticmethod
    def _in_progress(reader: Reader) -> bool:
        return reader.action is not None and reader.action.get("status") == "in_progress"

    def _advance(self, reader: Reader, now: float) -> None:
        """Apply what happened on the reader since it was last looked at."""
        if not reader.reachable:
            return
        action = reader.action
        if action is None or action.get("type") != "process_payment_intent":
            return
        if action.get("status") != "in_progress":
            return
        if (
            reader.auth_number is None
            and reader.next_card is not None
            and reader.card_due_at is not None
            and now >= reader.card_due_at
        ):
            number = reader.next_card
            due = reader.card_due_at
            reader.next_card = None
            reader.card_due_at = None
            self._start_authorization(reader, number, due)
        if (
            reader.auth_number is not None
            and reader.auth_done_at is not None
            and now >= reader.auth_done_at
        ):
            self._finish_authorization(reader, now)

    def _start_authorization(self, reader: Reader, number: str, at: float) -> None:
        reader.auth_number = number
        reader.auth_done_at = at + self.authorization_delay
        assert reader.action is not None
        pi = self.payment_intents.get(reader.action["process_payment_intent"]["payment_intent"])
        if (
            pi is not None
            and pi["status"] == "requires_payment_method"
            and self.authorization_delay > 0
        ):
            pi["status"] = "processing"

    def _finish_authorization(self, reader: Reader, now: float) -> None:
        number = reader.auth_number or ""
        reader.auth_number = None
        reader.auth_done_at = None
        action = reader.action
        assert action is not None
        pi = self.payment_intents.get(action["process_payment_intent"]["payment_intent"])
        if pi is None or pi["status"] not in ("requires_payment_method", "processing"):
            action.update(
                status="failed",
                failure_code="intent_invalid_state",
                failure_message="The PaymentIntent is no longer in a state that can be processed.",
            )
            return
        outcome = card_outcome(number)
        pm_id = new_id("pm_")
        charge = self._new_charge(pi, pm_id, now, outcome)
        pi["latest_charge"] = charge["id"]
        if outcome is None:
            manual = pi["capture_method"] == "manual"
            pi["status"] = "requires_capture" if manual else "succeeded"
            pi["amount_capturable"] = pi["amount"] if manual else 0
            pi["amount_received"] = 0 if manual else pi["amount"]
            pi["payment_method"] = pm_id
            pi["last_payment_error"] = None
            action.update(status="succeeded", failure_code=None, failure_message=None)
            return
        code, decline_code, message = outcome
        pi["status"] = "requires_payment_method"
        pi["payment_method"] = None
        error: JSON = {
            "type": "card_error",
            "code": code,
            "message": message,
            "doc_url": f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}",
            "charge": charge["id"],
            "payment_method_type": "card_present",
        }
        if decline_code is not None:
            error["decline_code"] = decline_code
        pi["last_payment_error"] = error
        action.update(status="failed", failure_code=code, failure_message=message)

    def _new_charge(
        self, pi: JSON, pm_id: str, now: float, outcome: tuple[str, str | None, str] | None
    ) -> JSON:
        charge: JSON = {
            "id": new_id("ch_"),
            "object": "charge",
            "amount": pi["amount"],
            "amount_captured": pi["amount"]
            if outcome is None and pi["capture_method"] != "manual"
            else 0,
            "captured": outcome is None and pi["capture_method"] != "manual",
            "created": int(now),
            "currency": pi["currency"],
            "livemode": False,
            "metadata": {},
            "paid": outcome is None,
            "payment_intent": pi["id"],
            "payment_method": pm_id,
            "status": "succeeded" if outcome is None else "failed",
            "failure_code": outcome[0] if outcome else None,
            "failure_message": outcome[2] if outcome else None,
        }
        self.charges[charge["id"]] = charge
        return charge

    def process_payment_intent(self, reader_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("payment_intent", "process_config"))
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            pi_id = _string(params, "payment_intent", required=True)
            assert pi_id is not None
            pi = self.payment_intents.get(pi_id)
            if pi is None:
                raise no_such("payment_intent", pi_id, param="payment_intent", status=400)
            config = self._process_config(params.get("process_config"))
            self._require_reachable(reader, now)
            if self._in_progress(reader):
                raise reader_busy()
            if pi["status"] != "requires_payment_method":
                raise StripeError(
                    400,
                    "Payment intent must be in the requires_payment_method state to be processed "
                    "by a reader.",
                    code="intent_invalid_state",
                )
            if "card_present" not in pi["payment_method_types"]:
                raise invalid(
                    "payment_intent",
                    "The PaymentIntent's payment_method_types must include card_present to be "
                    "processed by a reader.",
                )
            sub: JSON = {"payment_intent": pi_id}
            if config:
                sub["process_config"] = config
            reader.action = {
                "type": "process_payment_intent",
                "status": "in_progress",
                "failure_code": None,
                "failure_message": None,
                "process_payment_intent": sub,
            }
            if reader.next_card is not None:
                reader.card_due_at = now + reader.next_card_delay
            self._advance(reader, now)
            return self._render_reader(reader, now, expand_list(params))

    @staticmethod
    def _process_config(raw: Any) -> JSON:
        if raw is None or raw == "":
            return {}
        if not isinstance(raw, dict):
            raise invalid("process_config", "Invalid object")
        config: JSON = {}
        for key, value in raw.items():
            param = f"process_config[{key}]"
            if key in ("skip_tipping", "enable_customer_cancellation"):
                config[key] = _bool(value, param)
            elif key == "tipping" and isinstance(value, dict):
                config[key] = {
                    k: _int(v, f"{param}[{k}]") for k, v in value.items() if k == "amount_eligible"
                }
            elif key in ("allow_redisplay", "return_url"):
                config[key] = str(value)
            else:
                raise unknown(param)
        return config

    def cancel_action(self, reader_id: str, params: Mapping[str, Any] | None = None) -> JSON:
        params = params or {}
        _check_params(params, ())
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            self._require_reachable(reader, now)
            if reader.auth_number is not None:
                raise reader_busy()
            action = reader.action
            if action is not None and (
                action.get("status") == "in_progress" or action.get("type") == "set_reader_display"
            ):
                reader.action = None
                reader.card_due_at = None
            return self._render_reader(reader, now, expand_list(params))

    def set_reader_display(self, reader_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("type", "cart"))
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            kind = _string(params, "type", required=True)
            if kind != "cart":
                raise invalid("type", f"Invalid type: must be one of cart ({kind})")
            cart = self._cart(params.get("cart"))
            self._require_reachable(reader, now)
            if (
                self._in_progress(reader)
                and reader.action
                and reader.action["type"] != "set_reader_display"
            ):
                raise reader_busy()
            reader.action = {
                "type": "set_reader_display",
                "status": "in_progress",
                "failure_code": None,
                "failure_message": None,
                "set_reader_display": {"type": "cart", "cart": cart},
            }
            rendered = self._render_reader(reader, now, expand_list(params))
            # The reader acknowledged and shows the cart; later reads report ``succeeded``.
            reader.action["status"] = "succeeded"
            return rendered

    @staticmethod
    def _cart(raw: Any) -> JSON:
        if raw is None:
            raise missing("cart")
        if not isinstance(raw, dict):
            raise invalid("cart", "Invalid object")
        for key in raw:
            if key not in ("currency", "line_items", "tax", "total"):
                raise unknown(f"cart[{key}]")
        currency = raw.get("currency")
        if not currency:
            raise missing("cart[currency]")
        items = raw.get("line_items")
        if items is None:
            raise missing("cart[line_items]")
        if not isinstance(items, list):
            raise invalid("cart[line_items]", "Invalid array")
        line_items = []
        for index, item in enumerate(items):
            param = f"cart[line_items][{index}]"
            if not isinstance(item, dict):
                raise invalid(param, "Invalid object")
            for key in ("amount", "description", "quantity"):
                if key not in item:
                    raise missing(f"{param}[{key}]")
            line_items.append(
                {
                    "amount": _int(item["amount"], f"{param}[amount]"),
                    "description": str(item["description"]),
                    "quantity": _int(item["quantity"], f"{param}[quantity]"),
                }
            )
        if "total" not in raw:
            raise missing("cart[total]")
        tax = raw.get("tax")
        return {
            "currency": str(currency).lower(),
            "line_items": line_items,
            "tax": _int(tax, "cart[tax]") if tax not in (None, "") else None,
            "total": _int(raw["total"], "cart[total]"),
        }

    def present_payment_method(self, reader_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("type", "card_present", "card", "interac_present", "amount_tip"))
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            if not reader.simulated:
                raise StripeError(
                    400,
                    "This test helper can only be used with simulated readers; "
                    f"reader '{reader_id}' is a physical {reader.device_type} reader.",
                )
            kind = params.get("type") or "card_present"
            if kind not in ("card_present", "card"):
                raise invalid("type", f"The simulator does not support presenting {kind}.")
            sub = params.get(kind) or {}
            if not isinstance(sub, dict):
                raise invalid(kind, "Invalid object")
            number = str(sub.get("number") or "4242424242424242").replace(" ", "")
            if not luhn_ok(number):
                raise StripeError(
                    400,
                    "Your card number is incorrect.",
                    code="incorrect_number",
                    param=f"{kind}[number]",
                )
            self._require_reachable(reader, now)
            action = reader.action
            if (
                action is None
                or action.get("type") != "process_payment_intent"
                or action.get("status") != "in_progress"
                or reader.auth_number is not None
            ):
                raise StripeError(
                    400,
                    "The reader has no in-progress action waiting for a payment method. Start one "
                    "with process_payment_intent before presenting a payment method.",
                )
            reader.card_due_at = None
            self._start_authorization(reader, number, now)
            self._advance(reader, now)
            return self._render_reader(reader, now, expand_list(params))

    # ------------------------------------------------------------------ payment intents

    def _render_pi(self, pi: JSON, expand: Iterable[str]) -> JSON:
        body = copy.deepcopy(pi)
        for path in expand:
            if path == "latest_charge":
                if pi.get("latest_charge") in self.charges:
                    body["latest_charge"] = dict(self.charges[pi["latest_charge"]])
            else:
                raise _cannot_expand(path)
        return body

    def _pi(self, pi_id: str) -> JSON:
        pi = self.payment_intents.get(pi_id)
        if pi is None:
            raise no_such("payment_intent", pi_id)
        return pi

    def create_payment_intent(
        self, params: Mapping[str, Any], *, api_version: str | None = None
    ) -> JSON:
        """``api_version`` is the request's Stripe-Version header (None: no header)."""
        _check_params(
            params,
            (
                "amount",
                "currency",
                "payment_method_types",
                "allowed_payment_method_types",
                "capture_method",
                "metadata",
                "description",
                "receipt_email",
                "statement_descriptor",
                "statement_descriptor_suffix",
                "transfer_group",
                "confirmation_method",
            ),
        )
        with self._lock:
            now = self._now()
            if "amount" not in params:
                raise missing("amount")
            amount = _int(params["amount"], "amount")
            if amount < 1:
                raise invalid("amount", "This value must be greater than or equal to 1.")
            if amount > 99999999:
                raise invalid(
                    "amount", "Amount must be no more than 999,999.99", "amount_too_large"
                )
            currency = _string(params, "currency", required=True)
            assert currency is not None
            if len(currency) != 3 or not currency.isalpha():
                raise invalid(
                    "currency",
                    f"Invalid currency: {currency.lower()}. Stripe currently supports these "
                    "currencies: usd, eur, gbp, ...",
                )
            # API 2026-09-30.endive removed payment_method_types; stripe-python 16.1 sends
            # allowed_payment_method_types. Older versions (and curl) may send either.
            types = self._payment_method_types(params, api_version)
            capture = params.get("capture_method") or "automatic"
            if capture not in ("automatic", "automatic_async", "manual"):
                raise invalid(
                    "capture_method",
                    f"Invalid capture_method: must be one of automatic, automatic_async, or "
                    f"manual ({capture})",
                )
            pi_id = new_id("pi_")
            pi: JSON = {
                "id": pi_id,
                "object": "payment_intent",
                "amount": amount,
                "amount_capturable": 0,
                "amount_received": 0,
                "application": None,
                "application_fee_amount": None,
                "automatic_payment_methods": None,
                "canceled_at": None,
                "cancellation_reason": None,
                "capture_method": capture,
                "client_secret": f"{pi_id}_secret_{new_id('', 25)}",
                "confirmation_method": params.get("confirmation_method") or "automatic",
                "created": int(now),
                "currency": currency.lower(),
                "customer": None,
                "description": _string(params, "description") or None,
                "invoice": None,
                "last_payment_error": None,
                "latest_charge": None,
                "livemode": False,
                "metadata": apply_metadata({}, params.get("metadata")),
                "next_action": None,
                "on_behalf_of": None,
                "payment_method": None,
                "payment_method_options": None,
                "payment_method_types": [str(t) for t in types],
                "processing": None,
                "receipt_email": _string(params, "receipt_email") or None,
                "review": None,
                "setup_future_usage": None,
                "shipping": None,
                "statement_descriptor": None,
                "statement_descriptor_suffix": None,
                "status": "requires_payment_method",
                "transfer_data": None,
                "transfer_group": None,
            }
            self.payment_intents[pi_id] = pi
            return self._render_pi(pi, expand_list(params))

    @staticmethod
    def _payment_method_types(params: Mapping[str, Any], api_version: str | None) -> list[str]:
        legacy = "payment_method_types" in params
        allowed = "allowed_payment_method_types" in params
        if legacy and (api_version or "") >= PAYMENT_METHOD_TYPES_REMOVED:
            raise StripeError(
                400,
                "The payment_method_types parameter is no longer supported on API version "
                f"{api_version}. Use allowed_payment_method_types or "
                "excluded_payment_method_types instead.",
                code="payment_method_types_no_longer_supported",
                param="payment_method_types",
                save_idempotent=False,
            )
        if legacy and allowed:
            raise invalid(
                "allowed_payment_method_types",
                "You may only specify one of these parameters: allowed_payment_method_types, "
                "payment_method_types.",
                "parameters_exclusive",
            )
        name = "allowed_payment_method_types" if allowed else "payment_method_types"
        types = params.get(name, ["card"])
        if isinstance(types, str):
            types = [types]
        if not isinstance(types, list) or not types:
            raise invalid(name, "Invalid array")
        return [str(t) for t in types]

    def _advance_readers_for(self, pi_id: str, now: float) -> None:
        for reader in self.readers.values():
            action = reader.action
            if action and action.get("process_payment_intent", {}).get("payment_intent") == pi_id:
                self._advance(reader, now)

    def retrieve_payment_intent(self, pi_id: str, params: Mapping[str, Any] | None = None) -> JSON:
        params = params or {}
        _check_params(params, ("client_secret",))
        with self._lock:
            pi = self._pi(pi_id)
            self._advance_readers_for(pi_id, self._now())
            return self._render_pi(pi, expand_list(params))

    def cancel_payment_intent(self, pi_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("cancellation_reason",))
        with self._lock:
            now = self._now()
            pi = self._pi(pi_id)
            self._advance_readers_for(pi_id, now)
            reason = params.get("cancellation_reason") or None
            if reason not in (
                None,
                "abandoned",
                "duplicate",
                "fraudulent",
                "requested_by_customer",
            ):
                raise invalid(
                    "cancellation_reason",
                    "Invalid cancellation_reason: must be one of duplicate, fraudulent, "
                    f"requested_by_customer, or abandoned ({reason})",
                )
            if pi["status"] not in _CANCELABLE or pi["status"] == "processing":
                raise StripeError(
                    400,
                    f"You cannot cancel this PaymentIntent because it has a status of "
                    f"{pi['status']}. Only a PaymentIntent with one of the following statuses "
                    f"may be canceled: {', '.join(_CANCELABLE[:-1])}.",
                    code="payment_intent_unexpected_state",
                    extra={"payment_intent": self._render_pi(pi, ())},
                )
            pi["status"] = "canceled"
            pi["canceled_at"] = int(now)
            pi["cancellation_reason"] = reason
            pi["amount_capturable"] = 0
            return self._render_pi(pi, expand_list(params))

    def capture_payment_intent(self, pi_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("amount_to_capture", "metadata", "statement_descriptor"))
        with self._lock:
            pi = self._pi(pi_id)
            self._advance_readers_for(pi_id, self._now())
            if pi["status"] != "requires_capture":
                raise StripeError(
                    400,
                    f"This PaymentIntent could not be captured because it has a status of "
                    f"{pi['status']}. Only a PaymentIntent with one of the following statuses may "
                    "be captured: requires_capture.",
                    code="intent_invalid_state",
                    extra={"payment_intent": self._render_pi(pi, ())},
                )
            amount = pi["amount"]
            if params.get("amount_to_capture") not in (None, ""):
                amount = _int(params["amount_to_capture"], "amount_to_capture")
                if not 1 <= amount <= pi["amount"]:
                    raise invalid(
                        "amount_to_capture",
                        "The amount to capture must be a positive integer no greater than the "
                        "amount capturable.",
                    )
            pi["metadata"] = apply_metadata(pi["metadata"], params.get("metadata"))
            pi["status"] = "succeeded"
            pi["amount_received"] = amount
            pi["amount_capturable"] = 0
            charge = self.charges.get(pi.get("latest_charge") or "")
            if charge is not None:
                charge.update(captured=True, amount_captured=amount)
            return self._render_pi(pi, expand_list(params))

    def confirm_payment_intent(self, pi_id: str, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("payment_method", "capture_method", "receipt_email", "return_url"))
        with self._lock:
            now = self._now()
            pi = self._pi(pi_id)
            if pi["status"] not in ("requires_payment_method", "requires_confirmation"):
                raise StripeError(
                    400,
                    f"This PaymentIntent's payment_method could not be updated because it has a "
                    f"status of {pi['status']}. You may only update the payment_method of a "
                    "PaymentIntent with one of the following statuses: requires_payment_method, "
                    "requires_confirmation, requires_action.",
                    code="payment_intent_unexpected_state",
                    extra={"payment_intent": self._render_pi(pi, ())},
                )
            pm = params.get("payment_method")
            if not pm:
                raise StripeError(
                    400,
                    "You cannot confirm this PaymentIntent because it's missing a payment "
                    "method. To confirm the PaymentIntent with a payment method, pass "
                    "payment_method.",
                    code="payment_intent_unexpected_state",
                    save_idempotent=False,
                )
            if pm not in _TEST_PAYMENT_METHODS:
                raise no_such("PaymentMethod", str(pm), param="payment_method", status=400)
            outcome = _TEST_PAYMENT_METHODS[pm]
            pm_id = new_id("pm_")
            charge = self._new_charge(pi, pm_id, now, outcome)
            pi["latest_charge"] = charge["id"]
            if outcome is None:
                manual = pi["capture_method"] == "manual"
                pi["status"] = "requires_capture" if manual else "succeeded"
                pi["amount_capturable"] = pi["amount"] if manual else 0
                pi["amount_received"] = 0 if manual else pi["amount"]
                pi["payment_method"] = pm_id
                pi["last_payment_error"] = None
                return self._render_pi(pi, expand_list(params))
            code, decline_code, message = outcome
            error: JSON = {
                "type": "card_error",
                "code": code,
                "message": message,
                "charge": charge["id"],
                "doc_url": f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}",
                "payment_method_type": "card",
            }
            if decline_code:
                error["decline_code"] = decline_code
            pi["status"] = "requires_payment_method"
            pi["payment_method"] = None
            pi["last_payment_error"] = error
            raise StripeError(
                402,
                message,
                type="card_error",
                code=code,
                decline_code=decline_code,
                extra={"charge": charge["id"], "payment_intent": self._render_pi(pi, ())},
            )

    # ------------------------------------------------------------------ connection tokens

    def create_connection_token(self, params: Mapping[str, Any]) -> JSON:
        _check_params(params, ("location",))
        with self._lock:
            body: JSON = {"object": "terminal.connection_token", "secret": new_id("pst_test_")}
            location = _string(params, "location")
            if location:
                if location not in self.locations:
                    raise no_such("location", location, param="location", status=400)
                body["location"] = location
            return body

    # ------------------------------------------------------------------ control (not Stripe)

    def power(self, reader_id: str, on: bool) -> JSON:
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            if not on and reader.powered:
                if reader.reachable:
                    reader.unreachable_since = now
                reader.powered = False
                self._lose_action(reader)
            elif on and not reader.powered:
                reader.powered = True
                reader.action = None
                if reader.reachable:
                    reader.unreachable_since = None
            return self._render_reader(reader, now)

    def _lose_action(self, reader: Reader) -> None:
        action = reader.action
        if reader.auth_number is not None and action is not None:
            pi = self.payment_intents.get(action["process_payment_intent"]["payment_intent"])
            if pi is not None and pi["status"] == "processing":
                pi["status"] = "requires_payment_method"
        reader.auth_number = None
        reader.auth_done_at = None
        reader.card_due_at = None
        if action is None:
            return
        if action.get("type") == "set_reader_display":
            reader.action = None
        elif action.get("status") == "in_progress":
            action.update(
                status="failed",
                failure_code="connection_error",
                failure_message="Could not connect to Stripe.",
            )

    def network(self, reader_id: str, connected: bool) -> JSON:
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            if not connected and reader.networked:
                if reader.reachable:
                    reader.unreachable_since = now
                reader.networked = False
            elif connected and not reader.networked:
                reader.networked = True
                if reader.reachable:
                    reader.unreachable_since = None
                self._advance(reader, now)
            return self._render_reader(reader, now)

    def set_next_card(self, reader_id: str, number: str | None, delay_ms: float = 0.0) -> JSON:
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            if number is None:
                reader.next_card = None
                reader.card_due_at = None
            else:
                digits = str(number).replace(" ", "")
                if not digits.isdigit():
                    raise invalid("number", "number must be a string of digits")
                reader.next_card = digits
                reader.next_card_delay = max(0.0, float(delay_ms) / 1000.0)
                if (
                    self._in_progress(reader)
                    and reader.action
                    and reader.action["type"] == "process_payment_intent"
                ):
                    reader.card_due_at = now + reader.next_card_delay
                self._advance(reader, now)
            return self.sim_reader(reader_id)

    def sim_reader(self, reader_id: str) -> JSON:
        with self._lock:
            now = self._now()
            reader = self._reader(reader_id)
            self._advance(reader, now)
            action = reader.action
            return {
                "id": reader.id,
                "powered": reader.powered,
                "network": reader.networked,
                "status": self._status(reader, now),
                "simulated": reader.simulated,
                "next_card": reader.next_card,
                "authorizing": reader.auth_number is not None,
                "displaying_cart": bool(action and action.get("type") == "set_reader_display"),
                "reader": self._render_reader(reader, now),
            }

    def other_counter(
        self,
        reader_id: str,
        *,
        counter_id: str,
        counter_name: str,
        action: str,
        amount: int | None = None,
        currency: str = "eur",
    ) -> JSON:
        if action not in ("payment", "cart", "claim"):
            raise invalid("action", "action must be one of payment, cart, claim")
        with self._lock:
            now = self._now()
            self._reader(reader_id)
            self.update_reader(
                reader_id,
                {
                    "metadata": {
                        "comptoir_counter_id": counter_id,
                        "comptoir_counter_name": counter_name,
                        "comptoir_claimed_at": str(int(now)),
                        # A real counter writes its own nonce; the holder compares nonces.
                        "comptoir_claim_nonce": uuid.uuid4().hex,
                    }
                },
            )
            pi_id: str | None = None
            total = amount if amount is not None else 1000
            if action == "payment":
                pi = self.create_payment_intent(
                    {
                        "amount": str(total),
                        "currency": currency,
                        "payment_method_types": ["card_present"],
                        "description": f"Payment at {counter_name}",
                        "metadata": {"comptoir_counter_id": counter_id},
                    }
                )
                pi_id = pi["id"]
                self.process_payment_intent(reader_id, {"payment_intent": pi_id})
            elif action == "cart":
                self.set_reader_display(
                    reader_id,
                    {
                        "type": "cart",
                        "cart": {
                            "currency": currency,
                            "line_items": [
                                {"amount": str(total), "description": "Basket", "quantity": "1"}
                            ],
                            "total": str(total),
                        },
                    },
                )
            return {
                "reader": self._render_reader(self._reader(reader_id), now),
                "payment_intent": pi_id,
            }
