"""The Stripe client, built on first use.

``stripe`` and ``httpx`` take a few hundred milliseconds to import; nothing needs them before
the first API call, so the counter window is shown first (see docs/benchmarks.md, "cold
start").

``load_stripe`` imports stripe without ``requests``: at import, stripe-python looks for
``requests`` only to pick a default *synchronous* HTTP client, which Comptoir never uses (it
hands every client an ``HTTPXClient``), and ``requests`` with ``urllib3`` and
``charset_normalizer`` costs about 8 MiB and 100 ms (docs/benchmarks.md, "Memory").
"""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import stripe


_loading = threading.Lock()


def load_stripe() -> None:
    """Import ``stripe`` (once) without letting it import ``requests``; see the docstring.

    A process that already imported ``requests`` keeps it, and stripe then finds it.
    """
    if "stripe" in sys.modules:
        return
    with _loading:
        if "stripe" in sys.modules:
            return
        hide = "requests" not in sys.modules
        if hide:
            # A None entry makes `import requests` raise ImportError (the import system's
            # documented way to block a module); stripe then falls back to urllib.
            sys.modules["requests"] = None  # type: ignore[assignment]
        try:
            import stripe  # noqa: F401, PLC0415
        finally:
            if hide and "requests" in sys.modules and sys.modules["requests"] is None:
                del sys.modules["requests"]


class StripeConnection:
    """One ``stripe.StripeClient`` on ``stripe.HTTPXClient``, created when first asked for."""

    def __init__(self, api_key: str, api_base: str | None, request_timeout: float) -> None:
        self._api_key = api_key
        self._api_base = api_base
        self._timeout = request_timeout
        self._http: stripe.HTTPXClient | None = None
        self._client: stripe.StripeClient | None = None
        self._preparing: asyncio.Lock | None = None

    async def prepare(self) -> None:
        """Build the client in a worker thread, so importing stripe never stalls the window."""
        if self._client is not None:
            return
        if self._preparing is None:
            self._preparing = asyncio.Lock()
        async with self._preparing:
            if self._client is None:
                await asyncio.to_thread(self._build)

    @property
    def client(self) -> stripe.StripeClient:
        if self._client is None:
            self._build()
        assert self._client is not None
        return self._client

    def _build(self) -> None:
        load_stripe()
        import stripe  # noqa: PLC0415 - deferred on purpose, see the module docstring

        # stripe-python loads each resource class when a response first names it; load the
        # ones a counter reads here, in the worker thread, not during the first payment.
        import stripe.terminal  # noqa: PLC0415

        _ = (stripe.PaymentIntent, stripe.terminal.Reader, stripe.terminal.Location)
        http = stripe.HTTPXClient(timeout=self._timeout)
        self._client = stripe.StripeClient(
            self._api_key,
            http_client=http,
            base_addresses={"api": self._api_base} if self._api_base else None,
            max_network_retries=0,
        )
        self._http = http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close_async()  # type: ignore[no-untyped-call]
            self._http = None
            self._client = None
