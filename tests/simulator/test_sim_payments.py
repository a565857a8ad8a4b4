"""Payment intents and reader actions: process, present, cancel, display, capture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pos_app.simulator import SimulatorServer

SimPost = Callable[[str, dict[str, Any]], httpx.Response]


def error_of(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def process(http: httpx.Client, reader_id: str, pi_id: str) -> httpx.Response:
    return http.post(
        f"/v1/terminal/readers/{reader_id}/process_payment_intent", data={"payment_intent": pi_id}
    )


def present(http: httpx.Client, reader_id: str, number: str) -> httpx.Response:
    return http.post(
        f"/v1/test_helpers/terminal/readers/{reader_id}/present_payment_method",
        data={"type": "card_present", "card_present[number]": number},
    )


def test_payment_intent_create_validation(http: httpx.Client) -> None:
    cases = [
        ({"currency": "eur"}, "amount", "parameter_missing"),
        ({"amount": "0", "currency": "eur"}, "amount", None),
        ({"amount": "ten", "currency": "eur"}, "amount", "parameter_invalid_integer"),
        ({"amount": "100"}, "currency", "parameter_missing"),
        ({"amount": "100", "currency": "eur", "capture_method": "later"}, "capture_method", None),
    ]
    for data, param, code in cases:
        response = http.post("/v1/payment_intents", data=data)
        assert response.status_code == 400, data
        assert error_of(response)["param"] == param and error_of(response).get("code") == code


def test_approved_automatic_capture(
    http: httpx.Client, reader: dict[str, Any], make_pi: Callable[..., str]
) -> None:
    pi_id = make_pi(2500)
    body = process(http, reader["id"], pi_id).json()
    assert body["action"] == {
        "type": "process_payment_intent",
        "status": "in_progress",
        "failure_code": None,
        "failure_message": None,
        "process_payment_intent": {"payment_intent": pi_id},
    }
    body = present(http, reader["id"], "4242424242424242").json()
    assert body["action"]["status"] == "succeeded"
    pi = http.get(f"/v1/payment_intents/{pi_id}").json()
    assert pi["status"] == "succeeded" and pi["amount_received"] == 2500
    assert pi["latest_charge"].startswith("ch_") and pi["payment_method"].startswith("pm_")
    charge = http.get(f"/v1/payment_intents/{pi_id}", params={"expand[]": "latest_charge"}).json()
    assert charge["latest_charge"]["object"] == "charge"
    # a succeeded PI cannot be processed again
    again = process(http, reader["id"], pi_id)
    assert again.status_code == 400 and error_of(again)["code"] == "intent_invalid_state"


def test_manual_capture(
    http: httpx.Client, reader: dict[str, Any], make_pi: Callable[..., str]
) -> None:
    pi_id = make_pi(1200, "manual")
    early = http.post(f"/v1/payment_intents/{pi_id}/capture")
    assert early.status_code == 400 and error_of(early)["code"] == "intent_invalid_state"
    process(http, reader["id"], pi_id)
    present(http, reader["id"], "5555555555554444")
    pi = http.get(f"/v1/payment_intents/{pi_id}").json()
    assert pi["status"] == "requires_capture" and pi["amount_capturable"] == 1200
    pi = http.post(f"/v1/payment_intents/{pi_id}/capture").json()
    assert pi["status"] == "succeeded" and pi["amount_received"] == 1200


@pytest.mark.parametrize(
    ("number", "code", "decline_code"),
    [
        ("4000000000000002", "card_declined", "generic_decline"),
        ("4000000000009995", "card_declined", "insufficient_funds"),
        ("4000000000000069", "expired_card", "expired_card"),
        ("4000000000000119", "processing_error", "processing_error"),
    ],
)
def test_declines_keep_the_payment_intent_reusable(
    http: httpx.Client,
    reader: dict[str, Any],
    make_pi: Callable[..., str],
    number: str,
    code: str,
    decline_code: str,
) -> None:
    pi_id = make_pi()
    process(http, reader["id"], pi_id)
    body = present(http, reader["id"], number).json()
    assert body["action"]["status"] == "failed"
    assert body["action"]["failure_code"] == code and body["action"]["failure_message"]
    pi = http.get(f"/v1/payment_intents/{pi_id}").json()
    assert pi["status"] == "requires_payment_method"
    assert pi["last_payment_error"]["type"] == "card_error"
    assert pi["last_payment_error"]["code"] == code
    assert pi["last_payment_error"]["decline_code"] == decline_code
    # the same PI goes around again and succeeds
    assert process(http, reader["id"], pi_id).status_code == 200
    present(http, reader["id"], "4242424242424242")
    assert http.get(f"/v1/payment_intents/{pi_id}").json()["status"] == "succeeded"


def test_busy_cancel_and_reprocess(
    http: httpx.Client, reader: dict[str, Any], make_pi: Callable[..., str]
) -> None:
    first, second = make_pi(), make_pi()
    process(http, reader["id"], first)
    busy = process(http, reader["id"], second)
    assert busy.status_code == 409
    assert error_of(busy)["code"] == "terminal_reader_busy"
    assert error_of(busy)["type"] == "invalid_request_error"
    display = http.post(
        f"/v1/terminal/readers/{reader['id']}/set_reader_display",
        data={
            "type": "cart",
            "cart[currency]": "eur",
            "cart[total]": "100",
            "cart[line_items][0][amount]": "100",
            "cart[line_items][0][description]": "Tea",
            "cart[line_items][0][quantity]": "1",
        },
    )
    assert display.status_code == 409
    cancelled = http.post(f"/v1/terminal/readers/{reader['id']}/cancel_action").json()
    assert cancelled["action"] is None
    assert http.get(f"/v1/payment_intents/{first}").json()["status"] == "requires_payment_method"
    assert process(http, reader["id"], first).status_code == 200
    # cancelling with nothing in progress is harmless
    http.post(f"/v1/terminal/readers/{reader['id']}/cancel_action")
    assert http.post(f"/v1/terminal/readers/{reader['id']}/cancel_action").status_code == 200


def test_cancel_during_authorization_is_busy(
    http: httpx.Client,
    simulator: SimulatorServer,
    reader: dict[str, Any],
    make_pi: Callable[..., str],
) -> None:
    clock = [1_000_000.0]
    simulator.state._clock = lambda: clock[0]
    simulator.state.configure(authorization_delay_ms=2000)
    pi_id = make_pi()
    process(http, reader["id"], pi_id)
    present(http, reader["id"], "4242424242424242")
    assert http.get(f"/v1/payment_intents/{pi_id}").json()["status"] == "processing"
    busy = http.post(f"/v1/terminal/readers/{reader['id']}/cancel_action")
    assert busy.status_code == 409 and error_of(busy)["code"] == "terminal_reader_busy"
    pi_cancel = http.post(f"/v1/payment_intents/{pi_id}/cancel")
    assert pi_cancel.status_code == 400
    clock[0] += 2.5
    body = http.get(f"/v1/terminal/readers/{reader['id']}").json()
    assert body["action"]["status"] == "succeeded"
    assert http.get(f"/v1/payment_intents/{pi_id}").json()["status"] == "succeeded"


def test_set_reader_display(http: httpx.Client, reader: dict[str, Any]) -> None:
    url = f"/v1/terminal/readers/{reader['id']}/set_reader_display"
    data = {
        "type": "cart",
        "cart[currency]": "eur",
        "cart[tax]": "20",
        "cart[total]": "520",
        "cart[line_items][0][amount]": "250",
        "cart[line_items][0][description]": "Croissant",
        "cart[line_items][0][quantity]": "2",
    }
    body = http.post(url, data=data).json()
    assert body["action"]["type"] == "set_reader_display"
    assert body["action"]["status"] == "in_progress"
    assert body["action"]["set_reader_display"] == {
        "type": "cart",
        "cart": {
            "currency": "eur",
            "line_items": [{"amount": 250, "description": "Croissant", "quantity": 2}],
            "tax": 20,
            "total": 520,
        },
    }
    again = http.get(f"/v1/terminal/readers/{reader['id']}").json()
    assert again["action"]["status"] == "succeeded"  # the cart stays on screen
    assert http.post(url, data=data).status_code == 200  # updating the cart is allowed
    bad = http.post(url, data={"type": "cart", "cart[currency]": "eur", "cart[total]": "1"})
    assert bad.status_code == 400 and error_of(bad)["param"] == "cart[line_items]"
    assert http.post(url, data={"type": "video"}).status_code == 400
    cleared = http.post(f"/v1/terminal/readers/{reader['id']}/cancel_action").json()
    assert cleared["action"] is None


def test_process_replaces_a_displayed_cart(
    http: httpx.Client, reader: dict[str, Any], make_pi: Callable[..., str]
) -> None:
    http.post(
        f"/v1/terminal/readers/{reader['id']}/set_reader_display",
        data={
            "type": "cart",
            "cart[currency]": "eur",
            "cart[total]": "100",
            "cart[line_items][0][amount]": "100",
            "cart[line_items][0][description]": "Tea",
            "cart[line_items][0][quantity]": "1",
        },
    )
    assert process(http, reader["id"], make_pi()).status_code == 200


def test_process_errors(
    http: httpx.Client, reader: dict[str, Any], make_pi: Callable[..., str]
) -> None:
    missing = http.post(f"/v1/terminal/readers/{reader['id']}/process_payment_intent")
    assert missing.status_code == 400 and error_of(missing)["param"] == "payment_intent"
    assert error_of(missing)["code"] == "parameter_missing"
    unknown_pi = process(http, reader["id"], "pi_nope")
    assert unknown_pi.status_code == 400 and error_of(unknown_pi)["code"] == "resource_missing"
    unknown_reader = process(http, "tmr_nope", make_pi())
    assert unknown_reader.status_code == 404
    pi_id = make_pi()
    http.post(f"/v1/payment_intents/{pi_id}/cancel", data={"cancellation_reason": "abandoned"})
    canceled = process(http, reader["id"], pi_id)
    assert canceled.status_code == 400 and error_of(canceled)["code"] == "intent_invalid_state"
    assert "requires_payment_method" in error_of(canceled)["message"]


def test_present_errors(
    http: httpx.Client, reader: dict[str, Any], make_pi: Callable[..., str]
) -> None:
    nothing = present(http, reader["id"], "4242424242424242")
    assert nothing.status_code == 400
    process(http, reader["id"], make_pi())
    wrong = present(http, reader["id"], "4242424242424241")
    assert wrong.status_code == 400 and error_of(wrong)["param"] == "card_present[number]"


def test_cancel_payment_intent(http: httpx.Client, make_pi: Callable[..., str]) -> None:
    pi_id = make_pi()
    pi = http.post(
        f"/v1/payment_intents/{pi_id}/cancel", data={"cancellation_reason": "requested_by_customer"}
    ).json()
    assert pi["status"] == "canceled" and pi["cancellation_reason"] == "requested_by_customer"
    assert isinstance(pi["canceled_at"], int)
    again = http.post(f"/v1/payment_intents/{pi_id}/cancel")
    assert again.status_code == 400
    assert http.get("/v1/payment_intents/pi_nope").status_code == 404


def test_confirm_with_declined_test_payment_method(
    http: httpx.Client, make_pi: Callable[..., str]
) -> None:
    pi_id = make_pi()
    declined = http.post(
        f"/v1/payment_intents/{pi_id}/confirm", data={"payment_method": "pm_card_chargeDeclined"}
    )
    assert declined.status_code == 402
    error = error_of(declined)
    assert error["type"] == "card_error" and error["code"] == "card_declined"
    assert error["decline_code"] == "generic_decline"
    assert error["payment_intent"]["status"] == "requires_payment_method"
    ok = http.post(f"/v1/payment_intents/{pi_id}/confirm", data={"payment_method": "pm_card_visa"})
    assert ok.status_code == 200 and ok.json()["status"] == "succeeded"


def test_next_card_is_auto_presented(
    http: httpx.Client,
    simulator: SimulatorServer,
    reader: dict[str, Any],
    make_pi: Callable[..., str],
    sim_post: SimPost,
) -> None:
    clock = [2_000_000.0]
    simulator.state._clock = lambda: clock[0]
    sim_post(f"readers/{reader['id']}/next_card", {"number": "4000000000000002", "delay_ms": 500})
    pi_id = make_pi()
    assert process(http, reader["id"], pi_id).json()["action"]["status"] == "in_progress"
    clock[0] += 0.4
    assert http.get(f"/v1/terminal/readers/{reader['id']}").json()["action"]["status"] == (
        "in_progress"
    )
    clock[0] += 0.2
    body = http.get(f"/v1/terminal/readers/{reader['id']}").json()
    assert body["action"]["failure_code"] == "card_declined"
    # the card was used once; the next attempt waits for a new one
    process(http, reader["id"], pi_id)
    clock[0] += 5
    assert http.get(f"/v1/terminal/readers/{reader['id']}").json()["action"]["status"] == (
        "in_progress"
    )
    # set while a payment is waiting: tapped immediately (delay 0)
    sim_post(f"readers/{reader['id']}/next_card", {"number": "4242424242424242"})
    assert http.get(f"/v1/payment_intents/{pi_id}").json()["status"] == "succeeded"
    cleared = sim_post(f"readers/{reader['id']}/next_card", {"number": None}).json()
    assert cleared["next_card"] is None
