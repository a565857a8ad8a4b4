"""Stripe's form encoding, list pages and key masking, without HTTP."""

from __future__ import annotations

import pytest

from pos_app.simulator._wire import StripeError, decode_form, mask_key, new_id, paginate


def test_nested_keys_lists_and_metadata() -> None:
    body = (
        "address[city]=Paris&address[country]=FR&metadata[a]=1&metadata[0]=zero"
        "&expand[]=location&expand[]=data.x&cart[line_items][0][amount]=5"
        "&cart[line_items][1][amount]=7&cart[line_items][0][description]=Tea&label="
    )
    decoded = decode_form(body)
    assert decoded["address"] == {"city": "Paris", "country": "FR"}
    assert decoded["metadata"] == {"a": "1", "0": "zero"}  # numeric metadata keys stay keys
    assert decoded["expand"] == ["location", "data.x"]
    assert decoded["cart"]["line_items"] == [{"amount": "5", "description": "Tea"}, {"amount": "7"}]
    assert decoded["label"] == ""


def test_indexed_expand_as_stripe_python_sends_it() -> None:
    assert decode_form("expand[0]=a&expand[1]=b")["expand"] == ["a", "b"]
    assert decode_form("metadata=")["metadata"] == ""


def test_ids_and_masking() -> None:
    reader_id = new_id("tmr_")
    assert reader_id.startswith("tmr_") and len(reader_id) == 28 and reader_id[4:].isalnum()
    assert mask_key("sk_test_abcdefgh1234") == "sk_test_****1234"
    assert mask_key("rk_" + "live_abcdefgh9876", "…") == "rk_live_…9876"


def test_paginate_both_directions() -> None:
    items = [{"id": f"x{i}"} for i in range(25)]
    page = paginate(items, {"limit": "10"}, "/v1/x", "x")
    assert [i["id"] for i in page["data"]] == [f"x{i}" for i in range(10)]
    assert page["has_more"] is True and page["object"] == "list" and page["url"] == "/v1/x"
    page = paginate(items, {"starting_after": "x19", "limit": "10"}, "/v1/x", "x")
    assert [i["id"] for i in page["data"]] == [f"x{i}" for i in range(20, 25)]
    assert page["has_more"] is False
    page = paginate(items, {"ending_before": "x12", "limit": "5"}, "/v1/x", "x")
    assert [i["id"] for i in page["data"]] == [f"x{i}" for i in range(7, 12)]
    assert page["has_more"] is True
    assert len(paginate(items, {}, "/v1/x", "x")["data"]) == 10


@pytest.mark.parametrize("limit", ["0", "101", "abc"])
def test_limit_out_of_range(limit: str) -> None:
    with pytest.raises(StripeError) as caught:
        paginate([], {"limit": limit}, "/v1/x", "x")
    assert caught.value.status == 400 and caught.value.param == "limit"
