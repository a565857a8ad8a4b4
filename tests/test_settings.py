"""The counter's settings: defaults, round-trips, corrupt files, secrets, fresh processes."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any, cast

import pytest

from pos_app.storage.settings import (
    COUNTER_NAME,
    TRAINING_MODE,
    SavedReader,
    Settings,
)

READER = SavedReader("WSC513105011295", "tmr_FDOt2wlRZEdpd7", "tml_FBakVo6pS6Jmxe", "Till 1")


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "comptoir.ini"


def test_defaults(ini: Path) -> None:
    settings = Settings.from_file(ini)
    assert settings.counter_name == "Counter"
    assert settings.last_reader is None
    assert settings.language == ""
    assert settings.api_base == ""
    assert settings.training_mode is False
    assert settings.account_mode == ""


def test_round_trip(ini: Path) -> None:
    settings = Settings.from_file(ini)
    settings.counter_name = "Till 2"
    settings.last_reader = READER
    settings.language = "fr"
    settings.api_base = "http://127.0.0.1:12111"
    settings.training_mode = True
    settings.account_mode = "training"

    again = Settings.from_file(ini)
    assert again.counter_name == "Till 2"
    assert again.last_reader == READER
    assert again.language == "fr"
    assert again.api_base == "http://127.0.0.1:12111"
    assert again.training_mode is True
    assert again.account_mode == "training"


def test_counter_id_is_created_once_and_kept(ini: Path) -> None:
    first = Settings.from_file(ini).counter_id
    assert uuid.UUID(first).version == 4
    assert Settings.from_file(ini).counter_id == first


def test_last_reader_is_cleared_together(ini: Path) -> None:
    settings = Settings.from_file(ini)
    settings.last_reader = READER
    settings.last_reader = None
    assert Settings.from_file(ini).last_reader is None
    assert "reader" not in ini.read_text()


def test_invalid_reader_is_refused_and_keeps_the_old_one(ini: Path) -> None:
    settings = Settings.from_file(ini)
    settings.last_reader = READER
    with pytest.raises(ValueError):
        settings.last_reader = SavedReader("", "tmr_1", "tml_1", "")
    assert settings.last_reader == READER


def test_from_app_uses_the_settings_dir(isolated_settings: Path) -> None:
    settings = Settings.from_app()
    settings.counter_name = "Front desk"
    assert settings.file_name.parent == isolated_settings
    assert "Front desk" in settings.file_name.read_text()


@pytest.mark.parametrize(
    ("key", "garbage", "attribute", "default"),
    [
        ("mode/training", "garbage", "training_mode", False),
        ("mode/training", "@Variant(\\0\\0\\0\\x7f", "training_mode", False),
        ("mode/account", "sometimes", "account_mode", ""),
        ("ui/language", "klingon", "language", ""),
        ("stripe/api_base", "not a url", "api_base", ""),
        ("counter/name", "   ", "counter_name", "Counter"),
        ("counter/name", "a, b, c", "counter_name", "Counter"),
    ],
)
def test_corrupt_values_are_ignored_with_a_log_line(
    ini: Path,
    caplog: pytest.LogCaptureFixture,
    key: str,
    garbage: str,
    attribute: str,
    default: object,
) -> None:
    section, name = key.split("/")
    ini.write_text(f"[{section}]\n{name}={garbage}\n")
    with caplog.at_level(logging.WARNING, logger="pos_app.settings"):
        assert getattr(Settings.from_file(ini), attribute) == default
    assert any(record.name == "pos_app.settings" for record in caplog.records)


def test_corrupt_counter_id_is_replaced(ini: Path, caplog: pytest.LogCaptureFixture) -> None:
    ini.write_text("[counter]\nid=not-a-uuid\n")
    with caplog.at_level(logging.WARNING, logger="pos_app.settings"):
        counter_id = Settings.from_file(ini).counter_id
    assert uuid.UUID(counter_id).version == 4
    assert Settings.from_file(ini).counter_id == counter_id
    assert "counter/id" in caplog.text


def test_incomplete_reader_is_ignored(ini: Path, caplog: pytest.LogCaptureFixture) -> None:
    ini.write_text("[reader]\nserial_number=WSC1\nlabel=Till 1\n")
    with caplog.at_level(logging.WARNING, logger="pos_app.settings"):
        assert Settings.from_file(ini).last_reader is None
    assert "incomplete" in caplog.text


def test_garbage_file_does_not_crash(ini: Path) -> None:
    ini.write_bytes(b"\x00\xff\xfe[[[mode\n=training=\n\x80\x81")
    settings = Settings.from_file(ini)
    assert settings.training_mode is False
    assert settings.counter_name == "Counter"


@pytest.mark.parametrize(
    "secret",
    ["sk_test_4eC39HqLyjWDarjtT1zdp7dc", "rk_live_abc123", "my key is pk_test_xyz"],
)
def test_secrets_are_refused(ini: Path, secret: str) -> None:
    settings = Settings.from_file(ini)
    with pytest.raises(ValueError, match="keychain"):
        settings.set(COUNTER_NAME, secret)
    with pytest.raises(ValueError, match="keychain"):
        settings.last_reader = SavedReader("WSC1", "tmr_1", "tml_1", secret)
    assert secret not in (ini.read_text() if ini.exists() else "")


def test_wrong_type_is_refused(ini: Path) -> None:
    with pytest.raises(ValueError):
        Settings.from_file(ini).set(TRAINING_MODE, cast(Any, "yes"))


def _python(code: str, env_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={"COMPTOIR_SETTINGS_DIR": str(env_dir), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_values_survive_a_fresh_process(tmp_path: Path) -> None:
    written = _python(
        """
        from pos_app.storage.settings import SavedReader, Settings
        s = Settings.from_app()
        s.counter_name = "Till 3"
        s.training_mode = True
        s.language = "fr"
        s.account_mode = "stripe"
        s.last_reader = SavedReader("WSC9", "tmr_9", "tml_9", "Back room")
        print(s.counter_id)
        """,
        tmp_path,
    )
    read = _python(
        """
        from pos_app.storage.settings import Settings
        s = Settings.from_app()
        print(s.counter_id, s.counter_name, s.training_mode, type(s.training_mode).__name__,
              s.language, s.account_mode, s.last_reader, sep="|")
        """,
        tmp_path,
    )
    assert (tmp_path / "Comptoir.ini").exists()
    assert read.split("|") == [
        written,
        "Till 3",
        "True",
        "bool",
        "fr",
        "stripe",
        "SavedReader(serial_number='WSC9', reader_id='tmr_9', location_id='tml_9',"
        " label='Back room')",
    ]


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ("0b6f3a52-8c1e-4d7a-9f2b-3c4d5e6f7a8b", True),  # as written by uuid4()
        ("0B6F3A52-8C1E-4D7A-9F2B-3C4D5E6F7A8B", True),  # hand-edited, same identity
        ("{0b6f3a52-8c1e-4d7a-9f2b-3c4d5e6f7a8b}", True),  # another spelling uuid accepts
        ("0b6f3a52-8c1e-1d7a-9f2b-3c4d5e6f7a8b", False),  # a version 1 UUID
        ("0b6f3a52-8c1e-4d7a-9f2b", False),
    ],
)
def test_counter_id_spellings(ini: Path, stored: str, kept: bool) -> None:
    ini.write_text(f"[counter]\nid={stored}\n")
    counter_id = Settings.from_file(ini).counter_id
    assert (counter_id == stored) is kept
    assert uuid.UUID(counter_id).version == 4
