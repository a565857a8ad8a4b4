"""Authentication, permissions, idempotency and Stripe's error envelope."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pos_app.simulator import TRAINING_API_KEY, SimulatorServer
from pos_app.simulator._wire import decode_form


def get(simulator: SimulatorServer, **kwargs: Any) -> httpx.Response:
    return httpx.get(f"{simulator.url}/v1/terminal/readers", timeout=10, **kwargs)


def test_missing_key(simulator: SimulatorServer) -> None:
    response = get(simulator)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert "did not provide an API key" in error["message"]
    assert response.headers["Request-Id"].startswith("req_")


@pytest.mark.parametrize(
    "auth",
    [
        {"headers": {"Authorization": "Bearer sk_test_abcdefgh1234"}},
        {"auth": ("sk_test_abcdefgh1234", "")},
        {"auth": ("rk_test_abcdefgh1234", "")},
    ],
)
def test_bearer_and_basic(simulator: SimulatorServer, auth: dict[str, Any]) -> None:
    assert get(simulator, **auth).status_code == 200


def test_mistyped_key_is_masked(simulator: SimulatorServer) -> None:
    key = "sk_test_sh0rt"
    response = get(simulator, auth=(key, ""))
    assert response.status_code == 401
    message = response.json()["error"]["message"]
    assert message == "Invalid API Key provided: sk_test_****h0rt"
    assert key not in message


def test_live_key_refused(simulator: SimulatorServer) -> None:
    key = "sk_" + "live_51Habcdefghijklmnop9876"
    response = get(simulator, auth=(key, ""))
    assert response.status_code == 401
    message = response.json()["error"]["message"]
    assert "test-mode" in message and key not in message and "9876" in message


def test_registered_keys_only(simulator: SimulatorServer) -> None:
    httpx.post(f"{simulator.url}/_sim/config", json={"accept_any_test_key": False})
    assert get(simulator, auth=("sk_test_abcdefgh1234", "")).status_code == 401
    assert get(simulator, auth=(TRAINING_API_KEY, "")).status_code == 200
    httpx.post(f"{simulator.url}/_sim/keys", json={"key": "sk_test_abcdefgh1234"})
    assert get(simulator, auth=("sk_test_abcdefgh1234", "")).status_code == 200


def test_restricted_key_without_terminal_permission(simulator: SimulatorServer) -> None:
    key = "rk_test_noterminal123"
    httpx.post(f"{simulator.url}/_sim/keys", json={"key": key, "permissions": "no_terminal"})
    response = get(simulator, auth=(key, ""))
    assert response.status_code == 403
    assert "does not have the required permissions" in response.json()["error"]["message"]
    assert key not in response.json()["error"]["message"]
    pi = httpx.post(
        f"{simulator.url}/v1/payment_intents",
        auth=(key, ""),
        data={"amount": "100", "currency": "eur"},
    )
    assert pi.status_code == 200


def test_unknown_url(http: httpx.Client) -> None:
    response = http.get("/v1/terminal/toasters")
    assert response.status_code == 404
    assert "Unrecognized request URL" in response.json()["error"]["message"]


def test_idempotent_replay_and_mismatch(http: httpx.Client) -> None:
    data = {"registration_code": "simulated-wpe", "label": "A"}
    first = http.post("/v1/terminal/readers", data=data, headers={"Idempotency-Key": "k1"})
    replay = http.post("/v1/terminal/readers", data=data, headers={"Idempotency-Key": "k1"})
    assert replay.json() == first.json() and replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(http.get("/v1/terminal/readers").json()["data"]) == 1
    other = http.post(
        "/v1/terminal/readers", data={**data, "label": "B"}, headers={"Idempotency-Key": "k1"}
    )
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"
    # keys are scoped per API key
    other_key = http.post(
        "/v1/terminal/readers",
        data=data,
        headers={"Idempotency-Key": "k1"},
        auth=("sk_test_anotherkey99", ""),
    )
    assert other_key.status_code == 200 and other_key.json()["id"] != first.json()["id"]
    assert len(http.get("/v1/terminal/readers").json()["data"]) == 2


def test_idempotent_error_replay(http: httpx.Client, reader: dict[str, Any]) -> None:
    """Errors from an executed request replay too; validation errors are not saved."""
    bad = http.post(
        "/v1/payment_intents", data={"currency": "eur"}, headers={"Idempotency-Key": "v1"}
    )
    assert bad.status_code == 400
    good = http.post(
        "/v1/payment_intents", data={"currency": "eur"}, headers={"Idempotency-Key": "v1"}
    )
    assert "Idempotent-Replayed" not in good.headers


def test_form_decoding_of_nested_query(http: httpx.Client) -> None:
    assert decode_form("a[b][c]=1")["a"] == {"b": {"c": "1"}}
    response = http.get("/v1/terminal/readers", params={"limit": "abc"})
    assert response.json()["error"]["code"] == "parameter_invalid_integer"
