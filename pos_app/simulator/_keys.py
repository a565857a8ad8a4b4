"""Constants the app needs without loading the simulator itself."""

#: The key training mode uses; the simulator always accepts it.
TRAINING_API_KEY = "sk_test_comptoir_training_mode"
#: The Stripe API version the simulator speaks (what stripe-python 16.1 sends).
API_VERSION = "2026-10-28.endive"
