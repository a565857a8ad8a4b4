"""Runs every benchmark, prints one table and writes it to docs/benchmarks.md.

    python -m bench.run [--quick] [--only NAME ...] [--no-write]

Each benchmark is its own script (``python -m bench.<name>``), run as a subprocess one after
the other so they do not disturb each other's timings.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from bench._common import PYTHON, REPO, Result, child_env, machine, parse_results

BENCHMARKS = [
    "cold_start",
    "startup_reconnect",
    "responsiveness",
    "idle_cost",
    "dropped_reader",
    "memory",
    "fleet",
]
DOC = REPO / "docs" / "benchmarks.md"
TABLE_START = "<!-- bench:table:start -->"
TABLE_END = "<!-- bench:table:end -->"


def run_one(name: str, quick: bool) -> tuple[list[Result], float, str]:
    started = time.monotonic()
    args = [PYTHON, "-m", f"bench.{name}", "--quick" if quick else "--full"]
    proc = subprocess.run(
        args, capture_output=True, text=True, env=child_env(), cwd=REPO, check=False
    )
    results = parse_results(proc.stdout)
    if proc.returncode != 0 or not results:
        tail = (proc.stdout + proc.stderr)[-2000:]
        results = [Result(name, "FAILED to run", "", False, {"output": tail})]
    return results, time.monotonic() - started, proc.stdout


def table(results: list[Result]) -> str:
    lines = ["| measure | result | target | met |", "|---|---|---|---|"]
    for result in results:
        mark = "yes" if result.met else "**no**"
        lines.append(f"| {result.measure} | {result.value} | {result.target} | {mark} |")
    return "\n".join(lines)


def machine_text() -> str:
    return "\n".join(f"- {key}: {value}" for key, value in machine().items())


def write_doc(text: str) -> None:
    """Replace the generated block of docs/benchmarks.md, keeping the prose around it."""
    block = f"{TABLE_START}\n{text}\n{TABLE_END}"
    if DOC.exists():
        current = DOC.read_text(encoding="utf-8")
        if TABLE_START in current and TABLE_END in current:
            head, _, rest = current.partition(TABLE_START)
            _, _, tail = rest.partition(TABLE_END)
            DOC.write_text(head + block + tail, encoding="utf-8")
            return
        DOC.write_text(current.rstrip() + "\n\n" + block + "\n", encoding="utf-8")
        return
    DOC.write_text(f"# Benchmarks\n\n{block}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the short CI versions")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, help="run only these")
    parser.add_argument("--no-write", action="store_true", help="do not touch the docs")
    args = parser.parse_args(argv)
    machine_desc = machine_text()
    print(machine_desc, flush=True)
    results: list[Result] = []
    durations: dict[str, float] = {}
    for name in args.only or BENCHMARKS:
        print(f"running {name}…", file=sys.stderr, flush=True)
        found, seconds, _ = run_one(name, args.quick)
        durations[name] = seconds
        for result in found:
            print(f"  {result.measure}: {result.value}", file=sys.stderr, flush=True)
        results.extend(found)
    text = table(results)
    print(text)
    mode = "quick (CI)" if args.quick else "full"
    timing = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in durations.items())
    details = "\n".join(f"- {r.measure}: `{_short(r.details)}`" for r in results if r.details)
    if not args.no_write:
        write_doc(
            f"Last run: `make bench{'-quick' if args.quick else ''}` ({mode} mode).\n\n"
            f"Machine:\n\n{machine_desc}\n\n{text}\n\n"
            f"Run times: {timing}.\n\nRaw numbers:\n\n{details}"
        )
        print(f"written to {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0 if all(r.met for r in results) else 1


def _short(details: dict[str, object], limit: int = 900) -> str:
    text = str(details)
    return text if len(text) <= limit else text[: limit - 1] + "…"


if __name__ == "__main__":
    raise SystemExit(main())
