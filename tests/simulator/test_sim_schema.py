"""Every object the simulator returns validates against Stripe's OpenAPI component schemas.

Schemas: openapi-terminal-2023-08-16.json, with OpenAPI's ``nullable: true`` honoured and the
reader ``device_type`` enum widened to the 2026 list from stripe-python 16.1.0. Nothing else is
relaxed (``last_seen_at`` is simply a property the 2023 spec did not list).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from pos_app.simulator import DEVICE_TYPES_2026

#: Stripe's reference data lies in shared/ beside the repository (as in CI), or in the
#: workplace's /work/shared.
_CANDIDATES = [
    Path(__file__).resolve().parents[3] / "shared" / "reference" / "stripe",
    Path("/work/shared/reference/stripe"),
]
REFERENCE = next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])
SPEC = REFERENCE / "openapi-terminal-2023-08-16.json"
PARAMS = REFERENCE / "stripe-python-16.1.0-terminal-params.json"


def _nullable(node: Any) -> Any:
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable(value) for key, value in node.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _device_types_2026() -> list[str]:
    data = json.loads(PARAMS.read_text())
    literal = data["resources"]["terminal.reader"]["literal_fields"]["device_type"]
    return sorted(set(literal.split("[", 2)[2].split("]")[0].replace("'", "").split(", ")))


@cache
def _spec() -> dict[str, Any]:
    spec = json.loads(SPEC.read_text())
    schemas = spec["components"]["schemas"]
    widened = _device_types_2026()
    assert set(widened) == set(DEVICE_TYPES_2026)
    schemas["terminal.reader"]["properties"]["device_type"]["enum"] = widened
    return {"components": _nullable(spec["components"])}


@cache
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    root = dict(_spec())
    root["$ref"] = f"#/components/schemas/{schema_name}"
    return jsonschema.Draft202012Validator(root)


def validate(instance: Any, schema_name: str) -> None:
    _validator(schema_name).validate(instance)


def test_the_validator_is_strict() -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate({"id": "tmr_x", "object": "terminal.reader"}, "terminal.reader")
    with pytest.raises(jsonschema.ValidationError):
        validate(
            {
                "id": "tmr_x",
                "object": "terminal.reader",
                "device_type": "toaster",
                "label": "x",
                "livemode": False,
                "metadata": {},
                "serial_number": "1",
            },
            "terminal.reader",
        )


def test_every_object_type(
    http: httpx.Client,
    location: dict[str, Any],
    make_pi: Callable[..., str],
    sim_post: Callable[[str, dict[str, Any]], httpx.Response],
) -> None:
    seen: dict[str, int] = {}

    def check(body: Any, schema: str) -> Any:
        validate(body, schema)
        seen[schema] = seen.get(schema, 0) + 1
        return body

    check(location, "terminal.location")
    check(http.get("/v1/terminal/locations").json()["data"][0], "terminal.location")
    readers = [
        check(
            http.post(
                "/v1/terminal/readers",
                data={"registration_code": code, "location": location["id"]},
            ).json(),
            "terminal.reader",
        )
        for code in ("simulated-wpe", "simulated-s700", "simulated-s710")
    ]
    for device_type in ("bbpos_wisepos_e", "stripe_s700", "verifone_P400"):
        device = sim_post("devices", {"device_type": device_type}).json()
        check(
            http.post(
                "/v1/terminal/readers", data={"registration_code": device["registration_code"]}
            ).json(),
            "terminal.reader",
        )
    reader_id = readers[0]["id"]
    base = f"/v1/terminal/readers/{reader_id}"
    check(http.get(base, params={"expand[]": "location"}).json(), "terminal.reader")
    cart = {
        "type": "cart",
        "cart[currency]": "eur",
        "cart[total]": "300",
        "cart[line_items][0][amount]": "300",
        "cart[line_items][0][description]": "Bread",
        "cart[line_items][0][quantity]": "1",
    }
    check(http.post(f"{base}/set_reader_display", data=cart).json(), "terminal.reader")
    check(
        http.post(f"{base}/set_reader_display", data={**cart, "cart[tax]": "20"}).json(),
        "terminal.reader",
    )
    check(http.get(base).json(), "terminal.reader")
    check(http.post(f"{base}/cancel_action").json(), "terminal.reader")

    pi_id = make_pi(900, "manual")
    check(http.get(f"/v1/payment_intents/{pi_id}").json(), "payment_intent")
    check(
        http.post(f"{base}/process_payment_intent", data={"payment_intent": pi_id}).json(),
        "terminal.reader",
    )
    check(
        http.get(base, params={"expand[]": "action.process_payment_intent.payment_intent"}).json(),
        "terminal.reader",
    )
    helper = f"/v1/test_helpers/terminal/readers/{reader_id}/present_payment_method"
    declined = http.post(helper, data={"card_present[number]": "4000000000009995"}).json()
    check(declined, "terminal.reader")
    check(http.get(f"/v1/payment_intents/{pi_id}").json(), "payment_intent")  # last_payment_error
    http.post(f"{base}/process_payment_intent", data={"payment_intent": pi_id})
    check(http.post(helper).json(), "terminal.reader")
    check(http.get(f"/v1/payment_intents/{pi_id}").json(), "payment_intent")  # requires_capture
    check(http.post(f"/v1/payment_intents/{pi_id}/capture").json(), "payment_intent")
    other = make_pi()
    check(
        http.post(
            f"/v1/payment_intents/{other}/cancel", data={"cancellation_reason": "duplicate"}
        ).json(),
        "payment_intent",
    )
    sim_post(f"readers/{readers[1]['id']}/power", {"on": False})
    check(http.get(f"/v1/terminal/readers/{readers[1]['id']}").json(), "terminal.reader")
    for reader in http.get("/v1/terminal/readers").json()["data"]:
        check(reader, "terminal.reader")

    check(http.post("/v1/terminal/connection_tokens").json(), "terminal.connection_token")
    check(
        http.post("/v1/terminal/connection_tokens", data={"location": location["id"]}).json(),
        "terminal.connection_token",
    )
    check(http.delete(f"/v1/terminal/readers/{readers[2]['id']}").json(), "deleted_terminal.reader")

    errors = [
        http.get("/v1/terminal/readers/tmr_missing"),  # 404
        http.post("/v1/terminal/readers", data={}),  # 400 parameter_missing
        http.post(f"{base}/process_payment_intent", data={"payment_intent": pi_id}),  # 400
        httpx.get(http.base_url.join("/v1/terminal/readers")),  # 401
        http.post("/v1/terminal/readers", data={"registration_code": "a-b-c"}),
    ]
    fresh = make_pi()
    http.post(f"{base}/process_payment_intent", data={"payment_intent": fresh})
    errors.append(http.post(f"{base}/process_payment_intent", data={"payment_intent": fresh}))
    declined_pi = make_pi()
    errors.append(
        http.post(
            f"/v1/payment_intents/{declined_pi}/confirm",
            data={"payment_method": "pm_card_chargeDeclined"},
        )
    )
    assert sorted(r.status_code for r in errors) == [400, 400, 400, 401, 402, 404, 409]
    for response in errors:
        check(response.json(), "error")
    spare = http.post(
        "/v1/terminal/locations",
        data={
            "display_name": "Spare",
            "address[line1]": "2 rue X",
            "address[city]": "Lyon",
            "address[postal_code]": "69001",
            "address[country]": "FR",
        },
    ).json()
    check(http.delete(f"/v1/terminal/locations/{spare['id']}").json(), "deleted_terminal.location")
    assert set(seen) == {
        "terminal.location",
        "terminal.reader",
        "payment_intent",
        "terminal.connection_token",
        "deleted_terminal.reader",
        "deleted_terminal.location",
        "error",
    }
