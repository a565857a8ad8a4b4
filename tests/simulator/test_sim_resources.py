"""Locations, readers, hardware stand-ins and connection tokens over plain httpx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pos_app.simulator import SimulatorServer

PARIS = {
    "address[line1]": "1 rue de la Paix",
    "address[city]": "Paris",
    "address[postal_code]": "75002",
    "address[country]": "FR",
}


def error_of(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


# ----------------------------------------------------------------------------- locations


def test_location_crud(http: httpx.Client) -> None:
    created = http.post(
        "/v1/terminal/locations",
        data={"display_name": "Bakery", **PARIS, "metadata[floor]": "1"},
    ).json()
    assert created["id"].startswith("tml_") and len(created["id"]) == 28
    assert created["object"] == "terminal.location" and created["livemode"] is False
    assert created["address"] == {
        "city": "Paris",
        "country": "FR",
        "line1": "1 rue de la Paix",
        "line2": None,
        "postal_code": "75002",
        "state": None,
    }
    assert http.get(f"/v1/terminal/locations/{created['id']}").json() == created
    updated = http.post(
        f"/v1/terminal/locations/{created['id']}",
        data={"display_name": "Bakery 2", "address[line2]": "Bât. B", "metadata[floor]": ""},
    ).json()
    assert updated["display_name"] == "Bakery 2"
    assert updated["address"]["line2"] == "Bât. B" and updated["address"]["city"] == "Paris"
    assert updated["metadata"] == {}
    listed = http.get("/v1/terminal/locations").json()
    assert [loc["id"] for loc in listed["data"]] == [created["id"]]
    deleted = http.delete(f"/v1/terminal/locations/{created['id']}").json()
    assert deleted == {"id": created["id"], "object": "terminal.location", "deleted": True}
    missing = http.get(f"/v1/terminal/locations/{created['id']}")
    assert missing.status_code == 404
    assert error_of(missing)["code"] == "resource_missing" and error_of(missing)["param"] == "id"


@pytest.mark.parametrize(
    ("data", "param", "code"),
    [
        ({**PARIS}, "display_name", "parameter_missing"),
        ({"display_name": "", **PARIS}, "display_name", "parameter_invalid_empty"),
        ({"display_name": "X"}, "address", "parameter_missing"),
        (
            {"display_name": "X", **{k: v for k, v in PARIS.items() if "country" not in k}},
            "address[country]",
            "parameter_missing",
        ),
        (
            {"display_name": "X", **{k: v for k, v in PARIS.items() if "city" not in k}},
            "address[city]",
            "parameter_missing",
        ),
        (
            {"display_name": "X", **{k: v for k, v in PARIS.items() if "postal" not in k}},
            "address[postal_code]",
            "parameter_missing",
        ),
        ({"display_name": "X", **PARIS, "address[country]": "XX"}, "address[country]", None),
        ({"display_name": "X", **PARIS, "colour": "red"}, "colour", "parameter_unknown"),
    ],
)
def test_location_validation(
    http: httpx.Client, data: dict[str, str], param: str, code: str | None
) -> None:
    response = http.post("/v1/terminal/locations", data=data)
    assert response.status_code == 400
    error = error_of(response)
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert error.get("code") == code


def test_us_location_needs_a_state(http: httpx.Client) -> None:
    data = {
        "display_name": "SF",
        "address[line1]": "1 Market St",
        "address[city]": "San Francisco",
        "address[postal_code]": "94105",
        "address[country]": "US",
    }
    assert error_of(http.post("/v1/terminal/locations", data=data))["param"] == "address[state]"
    data["address[state]"] = "CA"
    assert http.post("/v1/terminal/locations", data=data).status_code == 200


# ----------------------------------------------------------------------------- readers


@pytest.mark.parametrize(
    ("code", "device_type"),
    [
        ("simulated-wpe", "simulated_wisepos_e"),
        ("simulated-s700", "simulated_stripe_s700"),
        ("simulated-s710", "simulated_stripe_s710"),
    ],
)
def test_register_simulated_readers(
    http: httpx.Client, location: dict[str, Any], code: str, device_type: str
) -> None:
    first = http.post(
        "/v1/terminal/readers", data={"registration_code": code, "location": location["id"]}
    ).json()
    second = http.post("/v1/terminal/readers", data={"registration_code": code}).json()
    assert first["device_type"] == device_type and first["id"].startswith("tmr_")
    assert first["serial_number"] != second["serial_number"]
    assert first["label"] == f"{code}-{first['serial_number']}"
    assert first["location"] == location["id"] and second["location"] is None
    assert first["status"] == "online" and first["action"] is None
    assert first["ip_address"] == "0.0.0.0" and first["device_sw_version"]
    assert isinstance(first["last_seen_at"], int) and first["last_seen_at"] > 1_600_000_000_000


def test_register_errors(http: httpx.Client) -> None:
    response = http.post("/v1/terminal/readers", data={"label": "x"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "parameter_missing"
    assert error_of(response)["param"] == "registration_code"
    response = http.post("/v1/terminal/readers", data={"registration_code": "banana-apple-pear"})
    assert response.status_code == 400 and error_of(response)["param"] == "registration_code"
    response = http.post(
        "/v1/terminal/readers", data={"registration_code": "simulated-wpe", "location": "tml_nope"}
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "resource_missing"
    assert error_of(response)["param"] == "location"


def test_reader_metadata_merge_and_label(http: httpx.Client, reader: dict[str, Any]) -> None:
    url = f"/v1/terminal/readers/{reader['id']}"
    body = http.post(url, data={"metadata[a]": "1", "metadata[b]": "2"}).json()
    assert body["metadata"] == {"a": "1", "b": "2"}
    body = http.post(url, data={"metadata[a]": "", "metadata[c]": "3"}).json()
    assert body["metadata"] == {"b": "2", "c": "3"}
    body = http.post(url, data={"label": "Front desk"}).json()
    assert body["label"] == "Front desk" and body["metadata"] == {"b": "2", "c": "3"}
    body = http.post(url, data={"metadata": ""}).json()
    assert body["metadata"] == {}
    body = http.post(url, data={"label": ""}).json()
    assert body["label"] == f"simulated-wpe-{reader['serial_number']}"
    too_long = http.post(url, data={"metadata[" + "k" * 41 + "]": "v"})
    assert too_long.status_code == 400


def test_reader_expand_location(http: httpx.Client, reader: dict[str, Any]) -> None:
    body = http.get(f"/v1/terminal/readers/{reader['id']}", params={"expand[]": "location"}).json()
    assert body["location"]["object"] == "terminal.location"
    body = http.get("/v1/terminal/readers", params={"expand[0]": "data.location"}).json()
    assert body["data"][0]["location"]["object"] == "terminal.location"
    bad = http.get(f"/v1/terminal/readers/{reader['id']}", params={"expand[]": "label"})
    assert bad.status_code == 400


def test_reader_filters(
    http: httpx.Client,
    location: dict[str, Any],
    sim_post: Callable[[str, dict[str, Any]], httpx.Response],
) -> None:
    a = http.post(
        "/v1/terminal/readers",
        data={"registration_code": "simulated-wpe", "location": location["id"]},
    ).json()
    b = http.post("/v1/terminal/readers", data={"registration_code": "simulated-s700"}).json()
    c = http.post("/v1/terminal/readers", data={"registration_code": "simulated-s710"}).json()
    sim_post(f"readers/{c['id']}/power", {"on": False})

    def ids(**params: str) -> list[str]:
        return [r["id"] for r in http.get("/v1/terminal/readers", params=params).json()["data"]]

    assert ids() == [c["id"], b["id"], a["id"]]  # newest first
    assert ids(location=location["id"]) == [a["id"]]
    assert ids(status="offline") == [c["id"]]
    assert ids(status="online") == [b["id"], a["id"]]
    assert ids(serial_number=b["serial_number"]) == [b["id"]]
    assert ids(device_type="simulated_stripe_s700") == [b["id"]]
    assert http.get("/v1/terminal/readers", params={"status": "asleep"}).status_code == 400
    assert http.get("/v1/terminal/readers", params={"device_type": "toaster"}).status_code == 400


def test_pagination_cursors(http: httpx.Client) -> None:
    created = [
        http.post("/v1/terminal/readers", data={"registration_code": "simulated-wpe"}).json()["id"]
        for _ in range(7)
    ]
    newest_first = created[::-1]
    page = http.get("/v1/terminal/readers", params={"limit": 3}).json()
    assert [r["id"] for r in page["data"]] == newest_first[:3] and page["has_more"] is True
    page = http.get(
        "/v1/terminal/readers", params={"limit": 3, "starting_after": newest_first[2]}
    ).json()
    assert [r["id"] for r in page["data"]] == newest_first[3:6] and page["has_more"] is True
    page = http.get(
        "/v1/terminal/readers", params={"limit": 3, "ending_before": newest_first[3]}
    ).json()
    assert [r["id"] for r in page["data"]] == newest_first[:3] and page["has_more"] is False
    for limit in (0, 101):
        response = http.get("/v1/terminal/readers", params={"limit": limit})
        assert response.status_code == 400 and error_of(response)["param"] == "limit"
    unknown = http.get("/v1/terminal/readers", params={"starting_after": "tmr_gone"})
    assert unknown.status_code == 400


def test_delete_reader(http: httpx.Client, reader: dict[str, Any]) -> None:
    url = f"/v1/terminal/readers/{reader['id']}"
    assert http.delete(url).json() == {
        "id": reader["id"],
        "object": "terminal.reader",
        "deleted": True,
    }
    response = http.get(url)
    assert response.status_code == 404
    assert error_of(response)["code"] == "resource_missing" and error_of(response)["param"] == "id"
    assert http.delete(url).status_code == 404


def test_connection_token(http: httpx.Client, location: dict[str, Any]) -> None:
    token = http.post("/v1/terminal/connection_tokens").json()
    assert token["object"] == "terminal.connection_token"
    assert token["secret"].startswith("pst_test_") and "location" not in token
    token = http.post("/v1/terminal/connection_tokens", data={"location": location["id"]}).json()
    assert token["location"] == location["id"]
    bad = http.post("/v1/terminal/connection_tokens", data={"location": "tml_nope"})
    assert bad.status_code == 400


# ----------------------------------------------------------------------------- hardware


def test_hardware_stand_in_registration_and_repairing(
    http: httpx.Client, simulator: SimulatorServer, location: dict[str, Any]
) -> None:
    sim = httpx.Client(base_url=f"{simulator.url}/_sim", timeout=10)
    with sim:
        device = sim.post("/devices", json={"device_type": "bbpos_wisepos_e"}).json()
        s700 = sim.post("/devices", json={"device_type": "stripe_s700"}).json()
        p400 = sim.post("/devices", json={"device_type": "verifone_P400"}).json()
        assert device["serial_number"].startswith("WSC513") and len(device["serial_number"]) == 15
        assert s700["serial_number"].startswith("STRM26")
        assert p400["serial_number"].startswith("275-")
        code = device["registration_code"]
        assert len(code.split("-")) == 3 and device["reader"] is None
        assert device["ip_address"].startswith("192.168.1.")
        assert sim.post("/devices", json={"device_type": "toaster"}).status_code == 400

        registered = http.post(
            "/v1/terminal/readers",
            data={"registration_code": code, "location": location["id"]},
        ).json()
        assert registered["device_type"] == "bbpos_wisepos_e"
        assert registered["serial_number"] == device["serial_number"]
        assert registered["label"] == device["serial_number"]
        assert registered["ip_address"] == device["ip_address"]

        again = http.post("/v1/terminal/readers", data={"registration_code": code})
        assert again.status_code == 400 and again.json()["error"]["param"] == "registration_code"
        listed = {d["serial_number"]: d for d in sim.get("/devices").json()["data"]}
        assert listed[device["serial_number"]]["reader"] == registered["id"]
        assert listed[device["serial_number"]]["registration_code"] is None

        # No test helper on physical readers: the card comes from next_card.
        helper = http.post(
            f"/v1/test_helpers/terminal/readers/{registered['id']}/present_payment_method"
        )
        assert helper.status_code == 400

        http.delete(f"/v1/terminal/readers/{registered['id']}")
        listed = {d["serial_number"]: d for d in sim.get("/devices").json()["data"]}
        new_code = listed[device["serial_number"]]["registration_code"]
        assert new_code and new_code != code and listed[device["serial_number"]]["reader"] is None
        repaired = http.post("/v1/terminal/readers", data={"registration_code": new_code}).json()
        assert repaired["serial_number"] == device["serial_number"]
        assert repaired["id"] != registered["id"]


def test_seed_is_idempotent_and_shaped(tmp_path: Any) -> None:
    state = tmp_path / "state.json"
    with SimulatorServer(state_file=state, seed=True).start() as first:
        readers = first.state.list_readers({})["data"]
        locations = first.state.list_locations({})["data"]
    with SimulatorServer(state_file=state, seed=True).start() as second:
        assert second.state.list_readers({})["data"][0]["id"] == readers[0]["id"]
        assert len(second.state.list_readers({})["data"]) == 2
        assert len(second.state.list_devices()) == 3
    assert [loc["display_name"] for loc in locations] == ["Training shop"]
    assert locations[0]["address"]["city"] == "Paris" and locations[0]["address"]["country"] == "FR"
    labels = {r["label"]: r["device_type"] for r in readers}
    assert labels == {
        "Counter reader 1": "simulated_wisepos_e",
        "Counter reader 2": "simulated_stripe_s700",
    }
    assert all(r["location"] == locations[0]["id"] for r in readers)
