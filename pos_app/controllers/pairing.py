"""Store setup: the wizard's flow as data, and the Stripe operations it needs. No widgets here.

The flow is a navigation map in the style of electrum's wizard: each `Step` names the step
that follows it, either directly or through a *decision* (a function of `SetupState`). The
Qt wizard (`pos_app.views.wizard`) only renders the current step and writes the user's
choices into the state; which step comes next is decided here and tested without Qt.

```
ACCOUNT ──training──────────────────────────────┐
   │ key checked, keychain ok                   │
   │ key checked, no keychain ──> KEYCHAIN ─────┤ (training, or keep for this session)
   v                                            v
LOCATION ──new location, or none of its readers──> REGISTER ──> VERIFY ──> COUNTER (last)
   └──────existing location with readers─────────────────────────^
```

`StoreAccount` holds the Stripe operations (check a key, locations, register/rename/remove
readers) on the official `stripe` package over httpx. Messages are English templates marked
with `QT_TRANSLATE_NOOP("pairing", …)`; widgets show them with
`QCoreApplication.translate("pairing", template).format(...)`. The API key never appears in
a message, a log line or a `repr`: `mask_key` shows it as `sk_test_…abcd`.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import httpx

from pos_app.i18n_markers import QT_TRANSLATE_NOOP
from pos_app.terminal import Reader
from pos_app.terminal._client import load_stripe

# The wizard may be the first to load stripe (at a first run): without requests, as the
# counter does (see pos_app/terminal/_client.py).
load_stripe()
import stripe  # noqa: E402
from stripe.params.terminal import (  # noqa: E402
    LocationCreateParams,
    ReaderCreateParams,
    ReaderListParams,
)

__all__ = [
    "COUNTRIES",
    "DASHBOARD_HARDWARE_ORDERS_URL",
    "DASHBOARD_ONLY",
    "DASHBOARD_READERS_URL",
    "DEVICE_HINTS",
    "NAVMAP",
    "SIMULATED_CODES",
    "Country",
    "DeviceHint",
    "FieldProblem",
    "KeyCheck",
    "KeyProblem",
    "Location",
    "LocationError",
    "PairingError",
    "RegistrationRequest",
    "RegistrationResult",
    "SetupFlow",
    "SetupState",
    "Step",
    "StoreAccount",
    "after_account",
    "after_location",
    "can_leave",
    "classify_key",
    "labels_for",
    "mask_key",
    "merge_results",
    "parse_codes",
    "retry_requests",
    "validate_address",
]

log = logging.getLogger("pos_app.pairing")

CONTEXT = "pairing"
"""The translation context of every message in this module."""

DASHBOARD_READERS_URL = "https://dashboard.stripe.com/terminal/readers"
DASHBOARD_HARDWARE_ORDERS_URL = "https://dashboard.stripe.com/terminal/hardware_orders"


# ---------------------------------------------------------------------------------------- flow


class Step(enum.StrEnum):
    """The wizard's pages, in the shop's words."""

    #: Connect a Stripe account with an API key, or choose training mode.
    ACCOUNT = "account"
    #: The computer has no keychain: training mode, or keep the key for this session only.
    KEYCHAIN = "keychain"
    #: Choose an existing location or create one.
    LOCATION = "location"
    #: Register readers with their registration codes.
    REGISTER = "register"
    #: List the location's readers and choose this counter's reader.
    VERIFY = "verify"
    #: Name this counter; finishing connects to the chosen reader.
    COUNTER = "counter"


AccountKind = Literal["training", "stripe", "keep"]


@dataclass
class SetupState:
    """What the user chose so far. The key is excluded from `repr` (it may reach a log)."""

    #: "training" (the simulator), "stripe" (a new key), "keep" (the account already set up).
    account: AccountKind | None = None
    api_key: str | None = field(default=None, repr=False)
    #: The store wants test mode (sk_test_/rk_test_ keys) rather than live mode.
    test_mode: bool = True
    #: The key passed the API check (or the account is training / kept).
    key_checked: bool = False
    #: The keychain can hold the key on this computer.
    keychain_available: bool = True
    #: Keep the key in memory only (no keychain).
    session_only: bool = False
    location_id: str | None = None
    #: The location was created by this wizard run (so it has no readers yet).
    location_created: bool = False
    #: Readers registered at the chosen location when it was chosen.
    readers_at_location: int = 0
    reader_id: str | None = None
    counter_name: str = ""

    @property
    def training(self) -> bool:
        return self.account == "training"

    def choose_training(self) -> None:
        """Switch to training mode, forgetting any key typed so far."""
        self.account = "training"
        self.api_key = None
        self.key_checked = True
        self.session_only = False


Decision = Callable[[SetupState], Step]
Rule = Step | Decision | None
"""What follows a step: a step, a decision on the state, or None for the last step."""


def after_account(state: SetupState) -> Step:
    if state.training or state.account == "keep":
        return Step.LOCATION
    if not state.keychain_available and not state.session_only:
        return Step.KEYCHAIN
    return Step.LOCATION


def after_location(state: SetupState) -> Step:
    if state.location_created or state.readers_at_location == 0:
        return Step.REGISTER
    return Step.VERIFY


NAVMAP: Mapping[Step, Rule] = {
    Step.ACCOUNT: after_account,
    Step.KEYCHAIN: Step.LOCATION,
    Step.LOCATION: after_location,
    Step.REGISTER: Step.VERIFY,
    Step.VERIFY: Step.COUNTER,
    Step.COUNTER: None,
}


def can_leave(step: Step, state: SetupState) -> bool:
    """Whether the state holds what `step` must collect before the flow moves on."""
    if step is Step.ACCOUNT:
        return state.account is not None and state.key_checked
    if step is Step.KEYCHAIN:
        return state.training or state.session_only
    if step is Step.LOCATION:
        return state.location_id is not None
    if step is Step.REGISTER:
        return True
    if step is Step.VERIFY:
        return state.reader_id is not None
    return bool(state.counter_name.strip()) and state.reader_id is not None


class SetupFlow:
    """Walks `NAVMAP`: the current step, the way back, and what comes next.

    `next()` raises ValueError when the current step's data is incomplete (`can_leave`);
    the view keeps its Next button disabled until then, so that is a bug, not a user error.
    """

    def __init__(self, state: SetupState | None = None, start: Step = Step.ACCOUNT) -> None:
        self.state = state if state is not None else SetupState()
        self._history: list[Step] = [start]

    @property
    def current(self) -> Step:
        return self._history[-1]

    @property
    def history(self) -> tuple[Step, ...]:
        return tuple(self._history)

    def resolve(self, step: Step | None = None) -> Step | None:
        """The step after `step` (the current one by default) for the present state."""
        rule = NAVMAP[step or self.current]
        if rule is None or isinstance(rule, Step):
            return rule
        return rule(self.state)

    def is_last(self, step: Step | None = None) -> bool:
        return NAVMAP[step or self.current] is None

    def can_advance(self) -> bool:
        return can_leave(self.current, self.state)

    def next(self) -> Step:
        current = self.current
        if not can_leave(current, self.state):
            raise ValueError(f"Step {current} is incomplete")
        following = self.resolve()
        if following is None:
            raise ValueError(f"Step {current} is the last one")
        self._history.append(following)
        return following

    def can_go_back(self) -> bool:
        return len(self._history) > 1

    def back(self) -> Step:
        if not self.can_go_back():
            raise ValueError("Already at the first step")
        self._history.pop()
        return self.current

    def go_to(self, step: Step) -> Step:
        """Jump to `step` (e.g. "Register more readers" from the verify step)."""
        self._history.append(step)
        return step


# ---------------------------------------------------------------------------------------- keys

_KEY_SHAPE = re.compile(r"^(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+$")


def mask_key(key: str) -> str:
    """`sk_test_…abcd`: the key's kind and its last four characters, never more."""
    key = key.strip()
    match = re.match(r"^((?:sk|rk|pk)_(?:test|live)_)", key)
    prefix = match.group(1) if match else ""
    rest = key[len(prefix) :]
    tail = rest[-4:] if len(rest) > 8 else ""
    return f"{prefix}…{tail}"


class KeyProblem(enum.StrEnum):
    """Why a key cannot be used, before or after asking Stripe."""

    EMPTY = "empty"
    MALFORMED = "malformed"
    PUBLISHABLE = "publishable"
    LIVE_KEY_IN_TEST_MODE = "live_key_in_test_mode"
    TEST_KEY_IN_LIVE_MODE = "test_key_in_live_mode"
    #: Stripe answered 401: a mistyped, revoked or unknown key.
    REFUSED = "refused"
    #: Stripe answered 403: a restricted key without Terminal permissions.
    NO_TERMINAL_PERMISSION = "no_terminal_permission"
    NETWORK = "network"
    UNEXPECTED = "unexpected"


_KEY_MESSAGES: dict[KeyProblem, str] = {
    KeyProblem.EMPTY: QT_TRANSLATE_NOOP("pairing", "Paste the store's Stripe API key."),
    KeyProblem.MALFORMED: QT_TRANSLATE_NOOP(
        "pairing",
        "This is not a Stripe API key. A secret key starts with sk_test_ or sk_live_, a "
        "restricted key with rk_test_ or rk_live_. Copy it again from the Stripe Dashboard "
        "(Developers → API keys).",
    ),
    KeyProblem.PUBLISHABLE: QT_TRANSLATE_NOOP(
        "pairing",
        "{masked} is a publishable key: it cannot manage readers. Use the secret key (sk_…) or "
        "a restricted key (rk_…) from the Stripe Dashboard (Developers → API keys).",
    ),
    KeyProblem.LIVE_KEY_IN_TEST_MODE: QT_TRANSLATE_NOOP(
        "pairing",
        "{masked} is a live-mode key, but test mode is selected. Paste a test-mode key "
        "(sk_test_… or rk_test_…), or clear “Test mode” to take real payments.",
    ),
    KeyProblem.TEST_KEY_IN_LIVE_MODE: QT_TRANSLATE_NOOP(
        "pairing",
        "{masked} is a test-mode key, but live mode is selected: no real payment could be "
        "taken. Paste a live-mode key (sk_live_… or rk_live_…), or tick “Test mode”.",
    ),
    KeyProblem.REFUSED: QT_TRANSLATE_NOOP(
        "pairing",
        "Stripe refused the key {masked}: it may be mistyped, revoked or from another account. "
        "Copy it again from the Stripe Dashboard (Developers → API keys).",
    ),
    KeyProblem.NO_TERMINAL_PERMISSION: QT_TRANSLATE_NOOP(
        "pairing",
        "The restricted key {masked} is not allowed to use Stripe Terminal. In the Stripe "
        "Dashboard (Developers → API keys), edit the key and give it Write access to Terminal "
        "and to PaymentIntents, or use the secret key.",
    ),
    KeyProblem.NETWORK: QT_TRANSLATE_NOOP(
        "pairing",
        "Stripe cannot be reached to check the key. Check this computer's internet connection "
        "and try again.",
    ),
    KeyProblem.UNEXPECTED: QT_TRANSLATE_NOOP(
        "pairing", "Stripe could not check the key right now ({detail}). Try again in a moment."
    ),
}


@dataclass(frozen=True)
class KeyCheck:
    """The verdict on a key: `problem` is None when it can be used."""

    problem: KeyProblem | None
    masked: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def template(self) -> str:
        return _KEY_MESSAGES[self.problem] if self.problem is not None else ""

    def message(self, translate: Callable[[str, str], str] | None = None) -> str:
        """The sentence for the store manager, translated with `translate(context, text)`."""
        if self.problem is None:
            return ""
        template = translate(CONTEXT, self.template) if translate else self.template
        return template.format(masked=self.masked, detail=self.detail)


def classify_key(key: str, test_mode: bool) -> KeyCheck:
    """Check a key's shape and mode without asking Stripe."""
    key = key.strip()
    masked = mask_key(key)
    if not key:
        return KeyCheck(KeyProblem.EMPTY, masked)
    match = _KEY_SHAPE.match(key)
    if match is None or len(key) < 20:
        return KeyCheck(KeyProblem.MALFORMED, masked)
    kind, mode = match.group(1), match.group(2)
    if kind == "pk":
        return KeyCheck(KeyProblem.PUBLISHABLE, masked)
    if test_mode and mode == "live":
        return KeyCheck(KeyProblem.LIVE_KEY_IN_TEST_MODE, masked)
    if not test_mode and mode == "test":
        return KeyCheck(KeyProblem.TEST_KEY_IN_LIVE_MODE, masked)
    return KeyCheck(None, masked)


# ---------------------------------------------------------------------------------- locations


@dataclass(frozen=True)
class Country:
    code: str
    #: English name, marked for translation in the "pairing" context.
    name: str
    #: The postal code's shape (upper-cased input), or None when any non-empty text will do.
    postal_pattern: str | None = None
    postal_example: str = ""
    postal_required: bool = True
    state_required: bool = False


COUNTRIES: tuple[Country, ...] = (
    Country("AT", QT_TRANSLATE_NOOP("pairing", "Austria"), r"\d{4}", "1010"),
    Country("AU", QT_TRANSLATE_NOOP("pairing", "Australia"), r"\d{4}", "2000", state_required=True),
    Country("BE", QT_TRANSLATE_NOOP("pairing", "Belgium"), r"\d{4}", "1000"),
    Country(
        "CA",
        QT_TRANSLATE_NOOP("pairing", "Canada"),
        r"[A-Z]\d[A-Z] ?\d[A-Z]\d",
        "K1A 0B1",
        state_required=True,
    ),
    Country("CH", QT_TRANSLATE_NOOP("pairing", "Switzerland"), r"\d{4}", "8001"),
    Country("DE", QT_TRANSLATE_NOOP("pairing", "Germany"), r"\d{5}", "10115"),
    Country("DK", QT_TRANSLATE_NOOP("pairing", "Denmark"), r"\d{4}", "1050"),
    Country("ES", QT_TRANSLATE_NOOP("pairing", "Spain"), r"\d{5}", "28001"),
    Country("FI", QT_TRANSLATE_NOOP("pairing", "Finland"), r"\d{5}", "00100"),
    Country("FR", QT_TRANSLATE_NOOP("pairing", "France"), r"\d{5}", "75004"),
    Country(
        "GB",
        QT_TRANSLATE_NOOP("pairing", "United Kingdom"),
        r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
        "SW1A 1AA",
    ),
    Country("IE", QT_TRANSLATE_NOOP("pairing", "Ireland"), postal_required=False),
    Country("IT", QT_TRANSLATE_NOOP("pairing", "Italy"), r"\d{5}", "00184"),
    Country("LU", QT_TRANSLATE_NOOP("pairing", "Luxembourg"), r"(L-)?\d{4}", "1111"),
    Country("NL", QT_TRANSLATE_NOOP("pairing", "Netherlands"), r"\d{4} ?[A-Z]{2}", "1012 AB"),
    Country("NO", QT_TRANSLATE_NOOP("pairing", "Norway"), r"\d{4}", "0150"),
    Country("NZ", QT_TRANSLATE_NOOP("pairing", "New Zealand"), r"\d{4}", "6011"),
    Country("PT", QT_TRANSLATE_NOOP("pairing", "Portugal"), r"\d{4}-\d{3}", "1100-148"),
    Country("SE", QT_TRANSLATE_NOOP("pairing", "Sweden"), r"\d{3} ?\d{2}", "111 22"),
    Country("SG", QT_TRANSLATE_NOOP("pairing", "Singapore"), r"\d{6}", "018956"),
    Country(
        "US",
        QT_TRANSLATE_NOOP("pairing", "United States"),
        r"\d{5}(-\d{4})?",
        "94103",
        state_required=True,
    ),
)
_COUNTRY_BY_CODE = {country.code: country for country in COUNTRIES}

ADDRESS_FIELDS = ("line1", "line2", "city", "postal_code", "state", "country")
"""The address form's fields, named as Stripe names them (`address[postal_code]`)."""

_REQUIRED = QT_TRANSLATE_NOOP("pairing", "Required.")
_POSTAL_SHAPE = QT_TRANSLATE_NOOP("pairing", "Not a postal code for {country} (like {example}).")
_STATE_SHAPE = QT_TRANSLATE_NOOP("pairing", "Use the two-letter code (like {example}).")
_UNKNOWN_COUNTRY = QT_TRANSLATE_NOOP("pairing", "Choose a country from the list.")


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one form field: an English template and its values."""

    template: str
    values: Mapping[str, str] = field(default_factory=dict)
    #: Stripe's own message, shown as is (Stripe writes it in English).
    raw: bool = False

    def message(self, translate: Callable[[str, str], str] | None = None) -> str:
        if self.raw:
            return self.template
        template = translate(CONTEXT, self.template) if translate else self.template
        values = dict(self.values)
        if "country" in values and translate is not None:
            values["country"] = translate(CONTEXT, values["country"])
        return template.format(**values)


def validate_address(display_name: str, address: Mapping[str, str]) -> dict[str, FieldProblem]:
    """Problems by field name (`display_name`, `line1`, …), before anything is sent."""
    problems: dict[str, FieldProblem] = {}
    if not display_name.strip():
        problems["display_name"] = FieldProblem(_REQUIRED)
    code = address.get("country", "").strip().upper()
    country = _COUNTRY_BY_CODE.get(code)
    if country is None:
        problems["country"] = FieldProblem(_UNKNOWN_COUNTRY)
        return problems
    for name in ("line1", "city"):
        if not address.get(name, "").strip():
            problems[name] = FieldProblem(_REQUIRED)
    postal = address.get("postal_code", "").strip().upper()
    if not postal:
        if country.postal_required:
            problems["postal_code"] = FieldProblem(_REQUIRED)
    elif country.postal_pattern and not re.fullmatch(country.postal_pattern, postal):
        problems["postal_code"] = FieldProblem(
            _POSTAL_SHAPE, {"country": country.name, "example": country.postal_example}
        )
    state = address.get("state", "").strip()
    if country.state_required:
        if not state:
            problems["state"] = FieldProblem(_REQUIRED)
        elif code in ("US", "CA") and not re.fullmatch(r"[A-Za-z]{2}", state):
            problems["state"] = FieldProblem(
                _STATE_SHAPE, {"example": "CA" if code == "US" else "QC"}
            )
    return problems


@dataclass(frozen=True)
class Location:
    id: str
    display_name: str
    #: One line for a list: "1 rue de la Paix, 75002 Paris, FR".
    summary: str

    @classmethod
    def from_stripe(cls, obj: Any) -> Location:
        data: dict[str, Any] = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
        address: dict[str, Any] = dict(data.get("address") or {})
        town = " ".join(str(address[k]) for k in ("postal_code", "city") if address.get(k))
        parts = [str(address.get("line1") or ""), town, str(address.get("country") or "")]
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("display_name") or data["id"]),
            summary=", ".join(part for part in parts if part),
        )


# -------------------------------------------------------------------------------- registration


@dataclass(frozen=True)
class DeviceHint:
    """Where a reader model shows its registration code."""

    key: str
    name: str
    hint: str
    #: Shown only in test mode (and training).
    test_only: bool = False


DEVICE_HINTS: tuple[DeviceHint, ...] = (
    DeviceHint(
        "bbpos_wisepos_e",
        QT_TRANSLATE_NOOP("pairing", "BBPOS WisePOS E"),
        QT_TRANSLATE_NOOP(
            "pairing",
            "A new reader shows its code when switched on. Otherwise swipe right from the left "
            "edge of the screen, tap Settings, enter the admin PIN, then tap “Generate pairing "
            "code”.",
        ),
    ),
    DeviceHint(
        "stripe_s700",
        QT_TRANSLATE_NOOP("pairing", "Stripe Reader S700 / S710"),
        QT_TRANSLATE_NOOP(
            "pairing",
            "A new reader shows its code when switched on. Otherwise swipe right from the left "
            "edge of the screen, tap Settings, enter the admin PIN, then tap “Generate pairing "
            "code”.",
        ),
    ),
    DeviceHint(
        "verifone_P400",
        QT_TRANSLATE_NOOP("pairing", "Verifone P400"),
        QT_TRANSLATE_NOOP(
            "pairing",
            "On the reader's keypad, key in 0-7-1-3-9: the reader shows its registration code "
            "(three words).",
        ),
    ),
    DeviceHint(
        "simulated",
        QT_TRANSLATE_NOOP("pairing", "Simulated reader (test mode)"),
        QT_TRANSLATE_NOOP(
            "pairing",
            "No hardware needed: simulated-wpe registers a simulated WisePOS E, simulated-s700 "
            "a simulated S700 and simulated-s710 a simulated S710.",
        ),
        test_only=True,
    ),
)

SIMULATED_CODES = ("simulated-wpe", "simulated-s700", "simulated-s710")

DASHBOARD_ONLY = QT_TRANSLATE_NOOP(
    "pairing",
    "Registering readers by serial number or from a hardware order is done in the Stripe "
    "Dashboard: Terminal → Readers → Register reader ({readers_url}). Serial numbers are on "
    "the reader's box, on its back, and in the Hardware orders tab ({orders_url}). Readers "
    "registered there appear in the list on the next page.",
)


def parse_codes(text: str) -> list[str]:
    """One registration code per line; blank lines and repeated codes dropped, order kept."""
    seen: set[str] = set()
    codes: list[str] = []
    for line in text.splitlines():
        code = line.strip()
        if code and code.lower() not in seen:
            seen.add(code.lower())
            codes.append(code)
    return codes


@dataclass(frozen=True)
class RegistrationRequest:
    """One code to register, at its position in the user's list (for "Label 2")."""

    index: int
    code: str
    label: str | None


def labels_for(codes: Sequence[str], label: str) -> list[RegistrationRequest]:
    """Several codes with one label are "Label 1", "Label 2", … as Stripe names readers
    registered from a hardware order; one code keeps the label; no label lets Stripe use the
    serial number."""
    label = label.strip()
    many = len(codes) > 1
    return [
        RegistrationRequest(
            index, code, (f"{label} {index + 1}" if many else label) if label else None
        )
        for index, code in enumerate(codes)
    ]


_CODE_REFUSED = QT_TRANSLATE_NOOP(
    "pairing",
    "Stripe did not accept this code: it is mistyped, expired or already used. Check the code "
    "on the reader's screen, or generate a new one.",
)
_SIMULATED_IN_LIVE = QT_TRANSLATE_NOOP(
    "pairing", "Simulated readers can only be registered in test mode."
)


@dataclass(frozen=True)
class RegistrationResult:
    request: RegistrationRequest
    reader: Reader | None = None
    error: PairingError | None = None

    @property
    def ok(self) -> bool:
        return self.reader is not None


# ---------------------------------------------------------------------------------- API errors


class PairingError(Exception):
    """A Stripe operation of the wizard failed; `message()` says it in the user's words.

    `param` is the request parameter Stripe blamed (e.g. `address[postal_code]`), `field` the
    form field it maps to (`postal_code`), so the view can show the message next to it.
    """

    def __init__(
        self,
        template: str,
        *,
        values: Mapping[str, str] | None = None,
        param: str | None = None,
        stripe_message: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.template = template
        self.values = dict(values or {})
        self.param = param
        self.stripe_message = stripe_message
        self.http_status = http_status
        super().__init__(self.message())

    @property
    def field(self) -> str | None:
        if not self.param:
            return None
        match = re.fullmatch(r"address\[(\w+)\]", self.param)
        return match.group(1) if match else self.param

    def message(self, translate: Callable[[str, str], str] | None = None) -> str:
        template = translate(CONTEXT, self.template) if translate else self.template
        return template.format(**self.values)


_NETWORK = QT_TRANSLATE_NOOP(
    "pairing", "Stripe cannot be reached. Check this computer's internet connection."
)
_AUTH = QT_TRANSLATE_NOOP(
    "pairing", "Stripe refused the API key. Go back to the first step and check the key."
)
_PERMISSION = QT_TRANSLATE_NOOP(
    "pairing", "The API key is not allowed to do this. Use a key with Terminal permissions."
)
_RATE = QT_TRANSLATE_NOOP(
    "pairing", "Too many requests reached Stripe at once. Try again in a few seconds."
)
_SERVER = QT_TRANSLATE_NOOP("pairing", "Stripe is having trouble right now. Try again in a moment.")
_REFUSED = QT_TRANSLATE_NOOP("pairing", "Stripe refused: {stripe_message}")


def _pairing_error(error: stripe.StripeError) -> PairingError:
    status = error.http_status
    message = str(error.user_message or "") or "?"
    param = getattr(error, "param", None)
    log.info("Stripe error %s %s (%s): %s", status, error.code, param, message)
    if isinstance(error, stripe.APIConnectionError):
        template = _NETWORK
    elif isinstance(error, stripe.AuthenticationError):
        template = _AUTH
    elif isinstance(error, stripe.PermissionError):
        template = _PERMISSION
    elif isinstance(error, stripe.RateLimitError):
        template = _RATE
    elif (status or 0) >= 500:
        template = _SERVER
    else:
        template = _REFUSED
    return PairingError(
        template,
        values={"stripe_message": message},
        param=param,
        stripe_message=message,
        http_status=status,
    )


# ----------------------------------------------------------------------------------- account


class StoreAccount:
    """The Stripe account behind the store: one client for one key and API base.

    `api_base` None means Stripe itself; a simulator address otherwise. Close with `aclose()`
    (or `async with`).
    """

    def __init__(
        self, api_key: str, api_base: str | None = None, *, request_timeout: float = 15.0
    ) -> None:
        self.masked_key = mask_key(api_key)
        self.api_base = api_base or None
        self._http = stripe.HTTPXClient(timeout=request_timeout)
        self._client = stripe.StripeClient(
            api_key,
            http_client=self._http,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=0,
        )

    def __repr__(self) -> str:
        return f"StoreAccount({self.masked_key}, api_base={self.api_base!r})"

    async def __aenter__(self) -> StoreAccount:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]

    @staticmethod
    async def check_key(key: str, test_mode: bool, api_base: str | None = None) -> KeyCheck:
        """Check the key's shape and mode, then ask Stripe once (list one location)."""
        verdict = classify_key(key, test_mode)
        if not verdict.ok:
            return verdict
        async with StoreAccount(key.strip(), api_base) as account:
            try:
                await account._client.v1.terminal.locations.list_async(params={"limit": 1})
            except stripe.AuthenticationError:
                return KeyCheck(KeyProblem.REFUSED, verdict.masked)
            except stripe.PermissionError:
                return KeyCheck(KeyProblem.NO_TERMINAL_PERMISSION, verdict.masked)
            except stripe.APIConnectionError:
                return KeyCheck(KeyProblem.NETWORK, verdict.masked)
            except stripe.StripeError as error:
                detail = f"{error.http_status or '?'} {error.code or type(error).__name__}"
                return KeyCheck(KeyProblem.UNEXPECTED, verdict.masked, detail)
        log.info("Stripe accepted the key %s", verdict.masked)
        return verdict

    async def _call(self, make: Callable[[], Any]) -> Any:
        try:
            return await make()
        except stripe.StripeError as error:
            raise _pairing_error(error) from error
        except httpx.HTTPError as error:
            raise PairingError(_NETWORK) from error

    # ------------------------------------------------------------------ locations

    async def locations(self) -> list[Location]:
        """Every location of the account, newest first."""

        async def fetch() -> list[Any]:
            locations = self._client.v1.terminal.locations
            page = await locations.list_async(params={"limit": 100})
            items = list(page.data)
            while page.has_more and items:
                page = await locations.list_async(
                    params={"limit": 100, "starting_after": str(items[-1].id)}
                )
                items.extend(page.data)
            return items

        return [Location.from_stripe(obj) for obj in await self._call(fetch)]

    async def create_location(self, display_name: str, address: Mapping[str, str]) -> Location:
        """Create a location; raise LocationError for local problems, PairingError for Stripe's."""
        problems = validate_address(display_name, address)
        if problems:
            raise LocationError(problems)
        clean = {key: value.strip() for key, value in address.items() if value.strip()}
        clean["country"] = clean["country"].upper()
        if "postal_code" in clean:
            clean["postal_code"] = clean["postal_code"].upper()
        params = cast(
            LocationCreateParams, {"display_name": display_name.strip(), "address": clean}
        )
        obj = await self._call(
            lambda: self._client.v1.terminal.locations.create_async(params=params)
        )
        location = Location.from_stripe(obj)
        log.info("Created location %s (%s)", location.id, location.display_name)
        return location

    # ------------------------------------------------------------------ readers

    async def readers(self, location: str | None = None) -> list[Reader]:
        """The readers registered at `location` (every reader when None), newest first."""

        async def fetch() -> list[Any]:
            readers = self._client.v1.terminal.readers
            base: dict[str, Any] = {"limit": 100}
            if location:
                base["location"] = location
            page = await readers.list_async(params=cast(ReaderListParams, base))
            items = list(page.data)
            while page.has_more and items:
                page = await readers.list_async(
                    params=cast(ReaderListParams, {**base, "starting_after": str(items[-1].id)})
                )
                items.extend(page.data)
            return items

        return [Reader.from_stripe(obj) for obj in await self._call(fetch)]

    async def register(
        self, requests: Iterable[RegistrationRequest], location: str, *, test_mode: bool = True
    ) -> list[RegistrationResult]:
        """Register each code on its own: a code that fails never undoes the others."""
        results: list[RegistrationResult] = []
        for request in requests:
            results.append(await self._register_one(request, location, test_mode))
        return results

    async def _register_one(
        self, request: RegistrationRequest, location: str, test_mode: bool
    ) -> RegistrationResult:
        if not test_mode and request.code.lower() in SIMULATED_CODES:
            return RegistrationResult(request, error=PairingError(_SIMULATED_IN_LIVE))
        params: dict[str, Any] = {"registration_code": request.code, "location": location}
        if request.label:
            params["label"] = request.label
        try:
            obj = await self._call(
                lambda: self._client.v1.terminal.readers.create_async(
                    params=cast(ReaderCreateParams, params)
                )
            )
        except PairingError as error:
            if error.param == "registration_code" or (
                error.http_status == 400 and "registration" in (error.stripe_message or "").lower()
            ):
                error = PairingError(
                    _CODE_REFUSED,
                    param=error.param,
                    stripe_message=error.stripe_message,
                    http_status=error.http_status,
                )
            return RegistrationResult(request, error=error)
        reader = Reader.from_stripe(obj)
        log.info("Registered reader %s (%s) as %r", reader.id, reader.serial_number, reader.label)
        return RegistrationResult(request, reader=reader)

    async def rename_reader(self, reader_id: str, label: str) -> Reader:
        obj = await self._call(
            lambda: self._client.v1.terminal.readers.update_async(
                reader_id, params={"label": label.strip()}
            )
        )
        return Reader.from_stripe(obj)

    async def remove_reader(self, reader_id: str) -> None:
        """Deregister the reader from the account (it shows a registration code again)."""
        await self._call(lambda: self._client.v1.terminal.readers.delete_async(reader_id))
        log.info("Removed reader %s", reader_id)


class LocationError(PairingError):
    """The address form has problems, found before sending: `problems` by field name."""

    def __init__(self, problems: Mapping[str, FieldProblem]) -> None:
        self.problems = dict(problems)
        first = next(iter(self.problems))
        super().__init__(self.problems[first].template, param=first)


def retry_requests(results: Sequence[RegistrationResult]) -> list[RegistrationRequest]:
    """The requests of the codes that failed, with their original labels ("Label 2")."""
    return [result.request for result in results if not result.ok]


def merge_results(
    previous: Sequence[RegistrationResult], retried: Sequence[RegistrationResult]
) -> list[RegistrationResult]:
    """`previous` with the lines of the retried codes replaced by their new results."""
    by_index = {result.request.index: result for result in retried}
    return [by_index.get(result.request.index, result) for result in previous]
