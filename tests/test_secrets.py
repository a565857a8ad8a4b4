"""The Stripe key in the keychain, and what happens when there is no keychain."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors
import pytest

from pos_app.storage.secrets import (
    ACCOUNT,
    SERVICE,
    KeychainLocked,
    KeychainUnavailable,
    SecretStore,
)

KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A stand-in keychain whose contents the tests can inspect."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring(memory_keyring: keyring.backend.KeyringBackend) -> MemoryKeyring:
    """Replaces conftest's in-memory keyring (restored by it) with an inspectable one."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_set_get_delete(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert store.get() is None
    store.set(f"  {KEY}\n")
    assert memory_keyring.passwords == {(SERVICE, ACCOUNT): KEY}
    assert SecretStore().get() == KEY
    store.delete()
    assert store.get() is None
    store.delete()


def test_session_key_stays_in_memory(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.keep_for_session(KEY)
    assert store.get() == KEY
    assert store.session_only
    assert memory_keyring.passwords == {}
    assert SecretStore().get() is None
    store.delete()
    assert store.get() is None


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        SecretStore().set("  ")


@pytest.fixture
def no_keychain() -> Iterator[None]:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    yield


def test_no_keychain_says_what_to_do(no_keychain: None) -> None:
    store = SecretStore()
    assert not store.is_available()
    with pytest.raises(KeychainUnavailable) as raised:
        store.get()
    message = str(raised.value)
    assert "no keychain" in message
    assert "training mode" in message
    assert "session only" in message
    assert "Traceback" not in message
    with pytest.raises(KeychainUnavailable):
        store.set(KEY)
    store.delete()


def test_no_keychain_session_fallback(no_keychain: None) -> None:
    store = SecretStore()
    store.keep_for_session(KEY)
    assert store.get() == KEY
    store.delete()
    with pytest.raises(KeychainUnavailable):
        store.get()


def _chainer(*backends: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    class Chainer(keyring.backends.chainer.ChainerBackend):
        pass

    Chainer.backends = list(backends)  # type: ignore[assignment]
    return Chainer()  # type: ignore[no-untyped-call]


def test_empty_chainer_is_no_keychain() -> None:
    keyring.set_keyring(_chainer())
    assert not SecretStore().is_available()
    with pytest.raises(KeychainUnavailable):
        SecretStore().get()


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt.file.PlaintextKeyring: a file anyone can read."""


def test_plaintext_backend_is_refused() -> None:
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    with pytest.raises(KeychainUnavailable):
        SecretStore().set(KEY)
    assert backend.passwords == {}


def test_chainer_skips_plaintext_backends() -> None:
    plaintext, safe = PlaintextKeyring(), MemoryKeyring()
    keyring.set_keyring(_chainer(plaintext, safe))
    SecretStore().set(KEY)
    assert plaintext.passwords == {}
    assert safe.passwords == {(SERVICE, ACCOUNT): KEY}


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def test_locked_keychain() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(KeychainLocked) as raised:
        SecretStore().get()
    assert "locked" in str(raised.value)
    assert isinstance(raised.value, KeychainUnavailable)
