"""Async client for the simulator's control endpoints (``/_sim/…``; not part of Stripe's API)."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    import httpx

_UNSET: Any = object()


def _new_client() -> httpx.AsyncClient:
    import httpx  # noqa: PLC0415 - deferred: the training menu exists from start-up

    return httpx.AsyncClient(timeout=10.0)


class SimulatorControlError(Exception):
    """A control endpoint answered with an error status."""

    def __init__(self, status: int, body: Any) -> None:
        message = body.get("error", {}).get("message") if isinstance(body, dict) else str(body)
        super().__init__(f"{status}: {message}")
        self.status = status
        self.body = body


class SimulatorControl:
    """One method per control endpoint. ``client`` is borrowed (not closed) when given."""

    def __init__(self, base_url: str, client: httpx.AsyncClient | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        # Made on first use: the training menu exists from start-up, httpx need not.
        self._given = client
        self._own: httpx.AsyncClient | None = None

    async def _client(self) -> httpx.AsyncClient:
        if self._given is not None:
            return self._given
        if self._own is None:
            # Building the client loads CA certificates (tens of ms): off the Qt loop.
            client = await asyncio.to_thread(_new_client)
            if self._own is None:
                self._own = client
        return self._own

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own is not None:
            await self._own.aclose()
            self._own = None

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await (await self._client()).request(
            method, f"{self.base_url}/_sim/{path}", json=body if method != "GET" else None
        )
        data = response.json()
        if response.status_code >= 400:
            raise SimulatorControlError(response.status_code, data)
        return data

    # ------------------------------------------------------------------ devices

    async def devices(self) -> list[dict[str, Any]]:
        """Hardware stand-ins: serial, device_type, ip, registration_code, reader."""
        data = await self._call("GET", "devices")
        result: list[dict[str, Any]] = data["data"]
        return result

    async def add_device(self, device_type: str) -> dict[str, Any]:
        """A new unregistered physical reader stand-in showing a registration code."""
        result: dict[str, Any] = await self._call("POST", "devices", {"device_type": device_type})
        return result

    # ------------------------------------------------------------------ readers

    async def reader(self, reader_id: str) -> dict[str, Any]:
        """The simulator's view of a reader: powered, network, next_card, displaying_cart…"""
        result: dict[str, Any] = await self._call("GET", f"readers/{reader_id}")
        return result

    async def power(self, reader_id: str, on: bool) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("POST", f"readers/{reader_id}/power", {"on": on})
        return result

    async def network(self, reader_id: str, connected: bool) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "POST", f"readers/{reader_id}/network", {"connected": connected}
        )
        return result

    async def next_card(
        self, reader_id: str, number: str | None, delay_ms: float = 0
    ) -> dict[str, Any]:
        """The card tapped ``delay_ms`` after the next/current payment starts; None clears it."""
        result: dict[str, Any] = await self._call(
            "POST", f"readers/{reader_id}/next_card", {"number": number, "delay_ms": delay_ms}
        )
        return result

    async def other_counter(
        self,
        reader_id: str,
        *,
        counter_id: str,
        counter_name: str,
        action: str = "payment",
        amount: int | None = None,
        currency: str = "eur",
    ) -> dict[str, Any]:
        """Imitate another Comptoir counter claiming the reader (``payment``/``cart``/``claim``)."""
        body: dict[str, Any] = {
            "counter_id": counter_id,
            "counter_name": counter_name,
            "action": action,
            "currency": currency,
        }
        if amount is not None:
            body["amount"] = amount
        result: dict[str, Any] = await self._call(
            "POST", f"readers/{reader_id}/other_counter", body
        )
        return result

    async def other_counter_payment(
        self, reader_id: str, *, counter_name: str, counter_id: str, amount: int = 1000
    ) -> dict[str, Any]:
        return await self.other_counter(
            reader_id,
            counter_id=counter_id,
            counter_name=counter_name,
            action="payment",
            amount=amount,
        )

    async def other_counter_cart(
        self, reader_id: str, *, counter_name: str, counter_id: str, amount: int = 1000
    ) -> dict[str, Any]:
        return await self.other_counter(
            reader_id,
            counter_id=counter_id,
            counter_name=counter_name,
            action="cart",
            amount=amount,
        )

    async def other_counter_claim(
        self, reader_id: str, *, counter_name: str, counter_id: str
    ) -> dict[str, Any]:
        return await self.other_counter(
            reader_id, counter_id=counter_id, counter_name=counter_name, action="claim"
        )

    # ------------------------------------------------------------------ faults

    async def add_fault(
        self,
        *,
        path: str = "",
        kind: str,
        method: str | None = None,
        status: int | None = None,
        latency_ms: float | None = None,
        count: int | None = None,
    ) -> str:
        """Inject a fault on Stripe endpoints whose path starts with ``path``; returns its id."""
        body: dict[str, Any] = {"path": path, "kind": kind}
        for name, value in (
            ("method", method),
            ("status", status),
            ("latency_ms", latency_ms),
            ("count", count),
        ):
            if value is not None:
                body[name] = value
        data = await self._call("POST", "faults", body)
        fault_id: str = data["id"]
        return fault_id

    async def faults(self) -> list[dict[str, Any]]:
        data = await self._call("GET", "faults")
        result: list[dict[str, Any]] = data["data"]
        return result

    async def clear_faults(self) -> None:
        await self._call("DELETE", "faults")

    # ------------------------------------------------------------------ account-wide

    async def configure(
        self,
        *,
        offline_after: float = _UNSET,
        rate_limit_per_second: float | None = _UNSET,
        accept_any_test_key: bool = _UNSET,
        authorization_delay_ms: float = _UNSET,
    ) -> dict[str, Any]:
        """Change settings; omitted arguments are left alone, ``rate_limit_per_second=None``
        turns rate limiting off."""
        body = {
            name: value
            for name, value in (
                ("offline_after", offline_after),
                ("rate_limit_per_second", rate_limit_per_second),
                ("accept_any_test_key", accept_any_test_key),
                ("authorization_delay_ms", authorization_delay_ms),
            )
            if value is not _UNSET
        }
        result: dict[str, Any] = await self._call("POST", "config", body)
        return result

    async def register_key(self, key: str, permissions: str = "all") -> dict[str, Any]:
        """Register a test key; ``permissions="no_terminal"`` is a restricted key without
        Terminal permissions."""
        result: dict[str, Any] = await self._call(
            "POST", "keys", {"key": key, "permissions": permissions}
        )
        return result

    async def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", "stats")
        return result

    async def reset_stats(self) -> None:
        await self._call("POST", "stats/reset")

    async def reset(self) -> None:
        await self._call("POST", "reset")
