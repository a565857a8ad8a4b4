"""The setup flow as data: every decision path, without Qt."""

from __future__ import annotations

import pytest

from pos_app.controllers.pairing import (
    NAVMAP,
    KeyProblem,
    RegistrationRequest,
    RegistrationResult,
    SetupFlow,
    SetupState,
    Step,
    classify_key,
    labels_for,
    mask_key,
    merge_results,
    parse_codes,
    retry_requests,
    validate_address,
)

TEST_KEY = "sk_test_51AbCdEfGhIjKlMnOpQrStUv0123abcd"
LIVE_KEY = "sk_" + "live_51AbCdEfGhIjKlMnOpQrStUv0123wxyz"


def walk(flow: SetupFlow) -> list[Step]:
    """Advance while possible; return the steps visited."""
    visited = [flow.current]
    while not flow.is_last() and flow.can_advance():
        visited.append(flow.next())
    return visited


def test_every_step_has_a_rule() -> None:
    assert set(NAVMAP) == set(Step)
    assert [step for step, rule in NAVMAP.items() if rule is None] == [Step.COUNTER]


def test_training_skips_the_keychain() -> None:
    flow = SetupFlow()
    flow.state.keychain_available = False
    flow.state.choose_training()
    assert flow.next() is Step.LOCATION


def test_key_with_keychain_goes_to_location() -> None:
    flow = SetupFlow(SetupState(account="stripe", api_key=TEST_KEY, key_checked=True))
    assert flow.next() is Step.LOCATION


def test_key_without_keychain_asks_what_to_do() -> None:
    state = SetupState(account="stripe", api_key=TEST_KEY, key_checked=True)
    state.keychain_available = False
    flow = SetupFlow(state)
    assert flow.next() is Step.KEYCHAIN
    assert not flow.can_advance()
    state.session_only = True
    assert flow.next() is Step.LOCATION
    assert flow.history == (Step.ACCOUNT, Step.KEYCHAIN, Step.LOCATION)


def test_no_keychain_then_training() -> None:
    state = SetupState(
        account="stripe", api_key=TEST_KEY, key_checked=True, keychain_available=False
    )
    flow = SetupFlow(state)
    assert flow.next() is Step.KEYCHAIN
    state.choose_training()
    assert state.api_key is None
    assert flow.next() is Step.LOCATION


def test_unchecked_key_cannot_leave_the_account_step() -> None:
    flow = SetupFlow(SetupState(account="stripe", api_key=TEST_KEY))
    assert not flow.can_advance()
    with pytest.raises(ValueError, match="incomplete"):
        flow.next()


def test_kept_account_goes_to_location() -> None:
    flow = SetupFlow(SetupState(account="keep", key_checked=True, keychain_available=False))
    assert flow.next() is Step.LOCATION


def test_new_location_goes_to_register() -> None:
    state = SetupState(account="training", key_checked=True)
    flow = SetupFlow(state, start=Step.LOCATION)
    state.location_id = "tml_1"
    state.location_created = True
    assert flow.next() is Step.REGISTER
    assert flow.next() is Step.VERIFY


def test_existing_location_without_readers_goes_to_register() -> None:
    state = SetupState(location_id="tml_1", readers_at_location=0)
    assert SetupFlow(state, start=Step.LOCATION).next() is Step.REGISTER


def test_existing_location_with_readers_goes_to_verify() -> None:
    state = SetupState(location_id="tml_1", readers_at_location=2)
    flow = SetupFlow(state, start=Step.LOCATION)
    assert flow.next() is Step.VERIFY
    assert flow.go_to(Step.REGISTER) is Step.REGISTER
    assert flow.back() is Step.VERIFY


def test_verify_needs_a_reader_and_counter_needs_a_name() -> None:
    state = SetupState(location_id="tml_1", readers_at_location=1)
    flow = SetupFlow(state, start=Step.VERIFY)
    assert not flow.can_advance()
    state.reader_id = "tmr_1"
    assert flow.next() is Step.COUNTER
    assert flow.is_last()
    assert not flow.can_advance()
    state.counter_name = "  "
    assert not flow.can_advance()
    state.counter_name = "Till 2"
    assert flow.can_advance()
    with pytest.raises(ValueError, match="last"):
        flow.next()


def test_full_walk_and_back() -> None:
    state = SetupState(account="stripe", api_key=TEST_KEY, key_checked=True)
    state.location_id = "tml_1"
    state.location_created = True
    state.reader_id = "tmr_1"
    state.counter_name = "Till"
    flow = SetupFlow(state)
    assert walk(flow) == [Step.ACCOUNT, Step.LOCATION, Step.REGISTER, Step.VERIFY, Step.COUNTER]
    assert flow.back() is Step.VERIFY
    assert flow.back() is Step.REGISTER
    assert flow.back() is Step.LOCATION
    assert flow.back() is Step.ACCOUNT
    assert not flow.can_go_back()
    with pytest.raises(ValueError):
        flow.back()


def test_state_repr_hides_the_key() -> None:
    assert TEST_KEY not in repr(SetupState(api_key=TEST_KEY))


# --------------------------------------------------------------------------- keys


def test_mask_key() -> None:
    assert mask_key(TEST_KEY) == "sk_test_…abcd"
    assert mask_key("rk_live_short") == "rk_live_…"
    assert mask_key("nonsense-but-long-enough") == "…ough"


@pytest.mark.parametrize(
    ("key", "test_mode", "problem"),
    [
        ("", True, KeyProblem.EMPTY),
        ("hello", True, KeyProblem.MALFORMED),
        ("sk_test_abc", True, KeyProblem.MALFORMED),
        ("sk_test_abc def ghijklmnopqrstuvw", True, KeyProblem.MALFORMED),
        ("pk_test_51AbCdEfGhIjKlMnOpQrSt", True, KeyProblem.PUBLISHABLE),
        (LIVE_KEY, True, KeyProblem.LIVE_KEY_IN_TEST_MODE),
        (TEST_KEY, False, KeyProblem.TEST_KEY_IN_LIVE_MODE),
        ("rk_" + "live_51AbCdEfGhIjKlMnOpQrSt", True, KeyProblem.LIVE_KEY_IN_TEST_MODE),
        (TEST_KEY, True, None),
        (LIVE_KEY, False, None),
        ("  rk_test_51AbCdEfGhIjKlMnOpQrSt \n", True, None),
    ],
)
def test_classify_key(key: str, test_mode: bool, problem: KeyProblem | None) -> None:
    verdict = classify_key(key, test_mode)
    assert verdict.problem is problem
    assert key.strip()[9:] == "" or key.strip()[9:] not in verdict.message()


def test_mode_messages_say_what_the_key_is_and_what_was_expected() -> None:
    message = classify_key(LIVE_KEY, test_mode=True).message()
    assert "sk_live_…wxyz is a live-mode key" in message
    assert "test-mode key" in message
    assert LIVE_KEY not in message


# ---------------------------------------------------------------------- locations


@pytest.mark.parametrize(
    ("country", "postal", "ok"),
    [
        ("FR", "75004", True),
        ("FR", "7500", False),
        ("US", "94103", True),
        ("US", "94103-1234", True),
        ("US", "9410", False),
        ("GB", "SW1A 1AA", True),
        ("GB", "sw1a1aa", True),
        ("GB", "12345", False),
        ("DE", "10115", True),
        ("DE", "1011", False),
        ("CA", "K1A 0B1", True),
        ("CA", "12345", False),
        ("IE", "", True),
    ],
)
def test_postal_codes(country: str, postal: str, ok: bool) -> None:
    address = {"line1": "1 Main St", "city": "Town", "postal_code": postal, "country": country}
    address["state"] = "ON" if country == "CA" else "CA" if country == "US" else ""
    problems = validate_address("Shop", address)
    assert ("postal_code" not in problems) is ok, problems


def test_required_fields_per_country() -> None:
    problems = validate_address(" ", {"country": "US"})
    assert set(problems) == {"display_name", "line1", "city", "postal_code", "state"}
    assert set(validate_address("Shop", {"country": "FR"})) == {"line1", "city", "postal_code"}
    assert set(validate_address("Shop", {"country": "IE"})) == {"line1", "city"}
    assert set(validate_address("Shop", {"country": "ZZ"})) == {"country"}
    state = validate_address("Shop", {"country": "US", "state": "California"})["state"]
    assert state.message() == "Use the two-letter code (like CA)."
    postal = validate_address("Shop", {"country": "FR", "postal_code": "1"})["postal_code"]
    assert postal.message() == "Not a postal code for France (like 75004)."


# ------------------------------------------------------------------- registration


def test_parse_codes() -> None:
    text = " sepia-cerulean-aqua \n\nsimulated-wpe\nSEPIA-cerulean-aqua\n  \nlime-gold-teal"
    assert parse_codes(text) == ["sepia-cerulean-aqua", "simulated-wpe", "lime-gold-teal"]


def test_labels() -> None:
    assert [r.label for r in labels_for(["a", "b", "c"], "Front desk")] == [
        "Front desk 1",
        "Front desk 2",
        "Front desk 3",
    ]
    assert [r.label for r in labels_for(["a"], " Till ")] == ["Till"]
    assert [r.label for r in labels_for(["a", "b"], "")] == [None, None]


def test_retry_keeps_labels_and_positions() -> None:
    requests = labels_for(["a", "b", "c"], "Desk")
    results = [
        RegistrationResult(requests[0], reader=None, error=None),
        RegistrationResult(requests[1]),
        RegistrationResult(requests[2]),
    ]
    retry = retry_requests(results)
    assert [r.label for r in retry] == ["Desk 1", "Desk 2", "Desk 3"]
    fixed = RegistrationResult(RegistrationRequest(1, "b", "Desk 2"))
    merged = merge_results(results, [fixed])
    assert merged[1] is fixed
    assert merged[0] is results[0]
