"""What a counter keeps between runs: settings (QSettings), the Stripe key (keychain,
``pos_app.storage.secrets``) and the sales journal (``pos_app.storage.journal``).

Import the submodules directly: the keychain library is only loaded when the key is needed.
"""
