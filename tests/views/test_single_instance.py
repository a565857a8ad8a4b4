"""One `pos-app` per counter: a second start says so and leaves the first one alone."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.views.children import ROOT, child_env, run_script

_HOLD = """
import sys, time
from PySide6.QtCore import QCoreApplication
from pos_app.app import claim_the_counter
app = QCoreApplication([])
lock = claim_the_counter()
print("HELD" if lock is not None else "REFUSED", flush=True)
time.sleep(60)
"""

_SECOND_START = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
import pos_app.views.main_window as main_window

shown = []
original_show = main_window.MainWindow.show
main_window.MainWindow.show = lambda window: (shown.append(True), original_show(window))

def answer():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        print("BOX " + json.dumps({"title": box.windowTitle(), "text": box.text(),
                                   "details": box.detailedText()}), flush=True)
        box.accept()
    else:
        QTimer.singleShot(50, answer)

app = QApplication(sys.argv[:1])
QTimer.singleShot(50, answer)
from pos_app.app import main
code = main(sys.argv[1:])
print("EXIT " + json.dumps({"code": code, "window_shown": bool(shown)}), flush=True)
"""


def hold_the_counter(tmp_path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_HOLD)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(tmp_path),
        cwd=ROOT,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "HELD"
    return holder


def stop(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def start_second(tmp_path: Path, *args: str) -> dict[str, dict[str, object]]:
    proc = run_script(tmp_path, _SECOND_START, *args)
    seen = {}
    for line in proc.stdout.splitlines():
        kind, _, payload = line.partition(" ")
        if kind in ("BOX", "EXIT"):
            seen[kind] = json.loads(payload)
    assert "EXIT" in seen, proc.stderr[-3000:]
    return seen


def test_a_second_start_on_the_same_counter_says_so_and_quits(tmp_path: Path) -> None:
    holder = hold_the_counter(tmp_path)
    try:
        seen = start_second(tmp_path, "--training", "--api-base", "http://127.0.0.1:9")
    finally:
        stop(holder)
    assert seen["EXIT"] == {"code": 1, "window_shown": False}
    assert seen["BOX"]["title"] == "Comptoir is already open"
    assert "already open on this computer" in str(seen["BOX"]["text"])
    assert seen["BOX"]["details"] == f"Process {holder.pid}."


def test_the_lock_of_a_crashed_counter_is_taken_over(tmp_path: Path) -> None:
    holder = hold_the_counter(tmp_path)
    stop(holder)  # SIGKILL, as in a crash: the lock file stays behind
    assert (tmp_path / "child-data" / "counter.lock").exists()
    stop(hold_the_counter(tmp_path))


def test_a_running_counter_keeps_its_lock_while_it_runs(tmp_path: Path) -> None:
    first = subprocess.Popen(
        [sys.executable, "-m", "pos_app", "--training", "--api-base", "http://127.0.0.1:9"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=child_env(tmp_path),
        cwd=ROOT,
    )
    try:
        lock = tmp_path / "child-data" / "counter.lock"
        deadline = time.monotonic() + 30
        while not lock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.0)  # well into its run: the counter proper is loaded and bound
        seen = start_second(tmp_path, "--training", "--api-base", "http://127.0.0.1:9")
    finally:
        stop(first)
    assert seen["EXIT"] == {"code": 1, "window_shown": False}
    assert seen["BOX"]["details"] == f"Process {first.pid}."
