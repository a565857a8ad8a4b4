"""The counter's settings: one typed wrapper over QSettings (in the style of picard's config).

Every setting is an `Option` with a key, a Python type (`qtype`), a default and a check. The ini
file stores text, so a value is read with `type=str` and parsed strictly: Qt's own
`type=bool` turns any non-empty garbage into True, which would hide a corrupt file. A missing
value gives the default; a wrong or corrupt value gives the default and a log line on
`pos_app.settings`, never an exception.

Secrets never live here: `Settings.set` refuses anything that looks like a Stripe API key.
The Stripe key belongs in the keychain (`pos_app.storage.secrets`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, cast

from PySide6.QtCore import QSettings

__all__ = [
    "ACCOUNT_MODE",
    "API_BASE",
    "COUNTER_ID",
    "COUNTER_NAME",
    "LANGUAGE",
    "LANGUAGES",
    "TRAINING_MODE",
    "AccountMode",
    "Option",
    "SavedReader",
    "Settings",
]

log = logging.getLogger("pos_app.settings")

T = TypeVar("T", str, bool, int)

_STRIPE_KEY = re.compile(r"(?<![A-Za-z0-9])(?:sk|rk|pk)_(?:test|live)_")

AccountMode = Literal["training", "stripe", ""]
LANGUAGES: tuple[str, ...] = ("", "en", "fr")
"""The interface languages: "" follows the system locale."""


def _always(value: object) -> bool:
    del value
    return True


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: where it is stored, its type, its default and what makes it valid."""

    key: str
    qtype: type[T]
    default: T
    check: Callable[[T], bool] = _always


#: The form `str(uuid.uuid4())` writes; other spellings go through the uuid module.
_CANONICAL_UUID4 = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.IGNORECASE
)


def _is_uuid4(value: str) -> bool:
    if _CANONICAL_UUID4.fullmatch(value):
        return True
    # Rare (a hand-edited file): `uuid` imports `platform`, 10 ms the window need not wait for.
    import uuid  # noqa: PLC0415

    try:
        return uuid.UUID(value).version == 4
    except ValueError:
        return False


def _is_api_base(value: str) -> bool:
    return value == "" or re.fullmatch(r"https?://[^\s/]+(?::\d+)?(?:/\S*)?", value) is not None


COUNTER_ID = Option("counter/id", str, "", _is_uuid4)
"""This counter's identity, recorded in the metadata of the reader it holds."""
COUNTER_NAME = Option("counter/name", str, "Counter", lambda v: bool(v.strip()))
"""The counter's name in the shop's words ("Till 2"), shown to other counters."""
LANGUAGE = Option("ui/language", str, "", lambda v: v in LANGUAGES)
API_BASE = Option("stripe/api_base", str, "", _is_api_base)
"""The API's base address; "" means Stripe itself (a simulator address otherwise)."""
TRAINING_MODE = Option("mode/training", bool, False)
ACCOUNT_MODE = Option("mode/account", str, "", lambda v: v in ("training", "stripe", ""))
"""How the counter was set up: "training" (simulator), "stripe" (a real key), "" not yet."""

_READER_GROUP = "reader"
_READER_FIELDS = ("serial_number", "reader_id", "location_id", "label")


@dataclass(frozen=True)
class SavedReader:
    """The reader this counter connected to last, to reconnect to it at startup."""

    serial_number: str
    reader_id: str
    location_id: str
    label: str


def _parse(qtype: type, text: str) -> str | bool | int:
    """Parse the ini text of a value strictly; raise ValueError when it does not fit."""
    if qtype is bool:
        lowered = text.strip().lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise ValueError(f"not a boolean: {text!r}")
    if qtype is int:
        return int(text.strip())
    return text


def _check_not_secret(key: str, value: object) -> None:
    if isinstance(value, str) and _STRIPE_KEY.search(value):
        raise ValueError(
            f"Refusing to store what looks like a Stripe API key in setting {key!r}: "
            "secrets belong in the keychain (pos_app.storage.secrets)"
        )


class Settings:
    """Typed access to the counter's QSettings.

    Build it with `Settings.from_app()` in the application and `Settings.from_file(path)` in
    tests. Each write is synced to disk at once: a counter may be switched off at any moment.
    """

    def __init__(self, qsettings: QSettings) -> None:
        self._qs = qsettings

    @classmethod
    def from_app(cls) -> Settings:
        """The user's settings: an ini file in the user scope (org and app "Comptoir").

        `COMPTOIR_SETTINGS_DIR` puts the ini file in that directory instead.
        """
        override = os.environ.get("COMPTOIR_SETTINGS_DIR")
        if override:
            return cls.from_file(Path(override) / "Comptoir.ini")
        return cls(
            QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Comptoir", "Comptoir")
        )

    @classmethod
    def from_file(cls, path: Path | str) -> Settings:
        """Settings kept in the ini file at `path` (created on the first write)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def file_name(self) -> Path:
        """The ini file behind these settings."""
        return Path(self._qs.fileName())

    def get(self, option: Option[T]) -> T:
        """The option's value, or its default when it is missing, wrong or corrupt."""
        if not self._qs.contains(option.key):
            return option.default
        text = str(self._qs.value(option.key, "", type=str))
        try:
            value = cast(T, _parse(option.qtype, text))
            valid = option.check(value)
        except ValueError:
            valid = False
        if not valid:
            log.warning(
                "Ignoring setting %s: %r is not a valid %s; using %r",
                option.key,
                text[:80],
                option.qtype.__name__,
                option.default,
            )
            return option.default
        return value

    def set(self, option: Option[T], value: T) -> None:
        """Store a value; raise ValueError for a wrong type, an invalid value or a secret."""
        _check_not_secret(option.key, value)
        if not isinstance(value, option.qtype) or not option.check(value):
            raise ValueError(f"Invalid value for setting {option.key!r}: {value!r}")
        self._qs.setValue(option.key, value)
        self.sync()

    def remove(self, option: Option[Any]) -> None:
        """Forget a value: the next read gives the default."""
        self._qs.remove(option.key)
        self.sync()

    def sync(self) -> None:
        """Write pending changes to disk; log (never raise) when the file cannot be written."""
        self._qs.sync()
        status = self._qs.status()
        if status != QSettings.Status.NoError:
            log.error("Could not save the settings to %s: %s", self._qs.fileName(), status.name)

    @property
    def counter_id(self) -> str:
        """This counter's UUID4, created and saved on first read."""
        value = self.get(COUNTER_ID)
        if not value:
            import uuid  # noqa: PLC0415 - see _is_uuid4

            value = str(uuid.uuid4())
            log.info("This counter's identity is %s", value)
            self.set(COUNTER_ID, value)
        return value

    @property
    def counter_name(self) -> str:
        return self.get(COUNTER_NAME)

    @counter_name.setter
    def counter_name(self, value: str) -> None:
        self.set(COUNTER_NAME, value.strip())

    @property
    def language(self) -> str:
        """The interface language: "" (follow the system), "en" or "fr"."""
        return self.get(LANGUAGE)

    @language.setter
    def language(self, value: str) -> None:
        self.set(LANGUAGE, value)

    @property
    def api_base(self) -> str:
        return self.get(API_BASE)

    @api_base.setter
    def api_base(self, value: str) -> None:
        self.set(API_BASE, value)

    @property
    def training_mode(self) -> bool:
        return self.get(TRAINING_MODE)

    @training_mode.setter
    def training_mode(self, value: bool) -> None:
        self.set(TRAINING_MODE, value)

    @property
    def account_mode(self) -> AccountMode:
        return cast(AccountMode, self.get(ACCOUNT_MODE))

    @account_mode.setter
    def account_mode(self, value: AccountMode) -> None:
        self.set(ACCOUNT_MODE, value)

    @property
    def last_reader(self) -> SavedReader | None:
        """The last connected reader, or None when none was saved or the record is damaged.

        Its four fields are written together and cleared together (assign None).
        """
        keys = [f"{_READER_GROUP}/{field}" for field in _READER_FIELDS]
        present = [self._qs.contains(key) for key in keys]
        if not any(present):
            return None
        values = [str(self._qs.value(key, "", type=str)) for key in keys]
        serial_number, reader_id, location_id, label = values
        if not (serial_number and reader_id and location_id and present[3]):
            log.warning("Ignoring the saved reader: its record is incomplete (%r)", values)
            return None
        return SavedReader(serial_number, reader_id, location_id, label)

    @last_reader.setter
    def last_reader(self, reader: SavedReader | None) -> None:
        values: list[object] = []
        if reader is not None:
            values = [getattr(reader, field) for field in _READER_FIELDS]
            for field, value in zip(_READER_FIELDS, values, strict=True):
                _check_not_secret(f"{_READER_GROUP}/{field}", value)
                if not isinstance(value, str):
                    raise ValueError(f"Invalid saved reader field {field!r}: {value!r}")
            if not (reader.serial_number and reader.reader_id and reader.location_id):
                raise ValueError(f"Incomplete saved reader: {reader!r}")
        self._qs.remove(_READER_GROUP)
        for field, value in zip(_READER_FIELDS, values, strict=False):
            self._qs.setValue(f"{_READER_GROUP}/{field}", value)
        self.sync()
