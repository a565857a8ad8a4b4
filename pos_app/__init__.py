"""Comptoir: a cashier application for shop counters with Stripe Terminal smart readers."""

__version__ = "0.1.0"
