"""The Stripe API key, kept in the operating system's keychain through `keyring`.

One facade, `SecretStore`. It never falls back to a file: on a computer without a keychain
service (a headless Linux box resolves to `keyring.backends.fail.Keyring`, which raises
`NoKeyringError`), or with only a plaintext backend installed (keyrings.alt), it raises
`KeychainUnavailable`, whose `str()` tells the cashier in plain words what to do next:
use training mode, or keep the key for this session only (`keep_for_session`, memory only).

Exceptions::

    KeychainUnavailable      no usable keychain on this computer
     └── KeychainLocked      there is one, but it is locked or refused access
"""

from __future__ import annotations

import logging

import keyring
import keyring.backend
import keyring.errors
from PySide6.QtCore import QCoreApplication

from pos_app.i18n_markers import QT_TRANSLATE_NOOP

__all__ = ["ACCOUNT", "SERVICE", "KeychainLocked", "KeychainUnavailable", "SecretStore"]

log = logging.getLogger("pos_app.secrets")

SERVICE = "Comptoir"
ACCOUNT = "stripe_api_key"

_REFUSED_BACKEND_WORDS = ("plaintext", "uncrypted", "unencrypted")
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
"""Backends that would write the key in a file, prompt on a terminal, or drop it silently.

keyrings.alt describes itself as "alternate, less secure" backends (files, encrypted files
that ask for a password on stdin): none of them suits a cashier's desktop."""

_NO_KEYCHAIN = QT_TRANSLATE_NOOP(
    "SecretStore",
    "This computer has no keychain service, so Comptoir cannot store the Stripe key safely. "
    "Use training mode, or keep the key for this session only.",
)
_LOCKED = QT_TRANSLATE_NOOP(
    "SecretStore",
    "The keychain is locked or refused access, so Comptoir cannot read or store the Stripe "
    "key. Unlock the keychain and try again, use training mode, or keep the key for this "
    "session only.",
)


class KeychainUnavailable(Exception):
    """No usable keychain: the key can be kept for this session only, or not at all.

    `str()` is a sentence for the cashier, translated with the installed translator.
    """

    message = _NO_KEYCHAIN

    def __str__(self) -> str:
        return QCoreApplication.translate("SecretStore", self.message)


class KeychainLocked(KeychainUnavailable):
    """The keychain exists but is locked, or the user refused access to it."""

    message = _LOCKED


def _refused(backend: keyring.backend.KeyringBackend) -> bool:
    cls = type(backend)
    name = f"{cls.__module__}.{cls.__qualname__}".lower()
    return any(word in name for word in _REFUSED_BACKEND_WORDS) or any(
        cls.__module__ == module or cls.__module__.startswith(module + ".")
        for module in _REFUSED_MODULES
    )


def _usable_backend() -> keyring.backend.KeyringBackend:
    """The keychain to use: the configured backend, or the best safe one behind a chainer."""
    backend = keyring.get_keyring()
    candidates: list[keyring.backend.KeyringBackend] = list(getattr(backend, "backends", [backend]))
    for candidate in candidates:
        if _refused(candidate):
            log.info("Not using keyring backend %s", type(candidate).__name__)
            continue
        return candidate
    raise KeychainUnavailable


class SecretStore:
    """The Stripe API key of this counter.

    A key kept with `keep_for_session` lives in memory only and takes precedence over the
    keychain until `delete()` or the end of the process.
    """

    def __init__(self, service: str = SERVICE, account: str = ACCOUNT) -> None:
        self._service = service
        self._account = account
        self._session_key: str | None = None

    def is_available(self) -> bool:
        """Whether a keychain can hold the key on this computer."""
        try:
            _usable_backend()
        except KeychainUnavailable:
            return False
        return True

    @property
    def session_only(self) -> bool:
        """True when the key in use lives in memory only."""
        return self._session_key is not None

    def get(self) -> str | None:
        """The key, or None when none was saved.

        Raises KeychainUnavailable (or KeychainLocked) when there is no session key and the
        keychain cannot be read.
        """
        if self._session_key is not None:
            return self._session_key
        backend = _usable_backend()
        try:
            return backend.get_password(self._service, self._account)
        except keyring.errors.KeyringError as error:
            raise _translate_error(error) from error

    def set(self, key: str) -> None:
        """Save the key in the keychain; raise KeychainUnavailable when there is none."""
        key = key.strip()
        if not key:
            raise ValueError("An empty Stripe key cannot be saved")
        backend = _usable_backend()
        try:
            backend.set_password(self._service, self._account, key)
        except keyring.errors.KeyringError as error:
            raise _translate_error(error) from error
        self._session_key = None

    def keep_for_session(self, key: str) -> None:
        """Use the key until the application quits, without writing it anywhere."""
        key = key.strip()
        if not key:
            raise ValueError("An empty Stripe key cannot be used")
        self._session_key = key

    def delete(self) -> None:
        """Forget the key: in memory, and in the keychain when there is one."""
        self._session_key = None
        try:
            backend = _usable_backend()
        except KeychainUnavailable:
            return
        try:
            backend.delete_password(self._service, self._account)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as error:
            raise _translate_error(error) from error


def _translate_error(error: keyring.errors.KeyringError) -> KeychainUnavailable:
    log.warning("The keychain failed: %s: %s", type(error).__name__, error)
    if isinstance(error, keyring.errors.KeyringLocked):
        return KeychainLocked()
    return KeychainUnavailable()
