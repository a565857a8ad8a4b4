"""What a counter keeps between runs: settings (QSettings) and the Stripe key (keychain)."""

from pos_app.storage.secrets import KeychainLocked, KeychainUnavailable, SecretStore
from pos_app.storage.settings import SavedReader, Settings

__all__ = ["KeychainLocked", "KeychainUnavailable", "SavedReader", "SecretStore", "Settings"]
