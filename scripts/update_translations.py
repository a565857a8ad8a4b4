"""Extract the interface strings and compile the translations (`make translations`).

1. pyside6-lupdate reads every `pos_app/**/*.py` (generated code aside) and `ui/*.ui` and
   merges their strings into `resources/translations/comptoir_<lang>.ts`: new strings arrive
   as `type="unfinished"`, strings gone from the code are dropped. `comptoir_en.ts` holds
   only the English plural forms of `%n` strings ("1 reader", "2 readers").
2. pyside6-lrelease compiles each `.ts` into `pos_app/_generated/translations/*.qm`
   (package data, committed).

The `.ts` files carry no source locations (`-locations none`), so editing code does not
rewrite them and engineers working in parallel do not conflict on line numbers.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
QM_DIR = ROOT / "pos_app" / "_generated" / "translations"
LANGUAGES = {"en": "en_US", "fr": "fr_FR"}
"""Translated languages and their Qt locale."""
PLURAL_ONLY = {"en"}
"""English is the source language: its file holds only the plural forms ("%n reader(s)")."""


def tool(name: str) -> str:
    """A PySide6 tool from this interpreter's environment, else from PATH."""
    sibling = Path(sys.executable).parent / name
    if sibling.exists():
        return str(sibling)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the dev dependencies (make unit)")
    return found


def sources(root: Path = ROOT) -> list[Path]:
    """The files lupdate reads, relative to `root`, in a stable order."""
    python = [
        path.relative_to(root)
        for path in (root / "pos_app").rglob("*.py")
        if "_generated" not in path.relative_to(root).parts
    ]
    forms = [path.relative_to(root) for path in (root / "ui").glob("*.ui")]
    return sorted(python) + sorted(forms)


def lupdate(ts_file: Path, language: str, root: Path = ROOT) -> None:
    """Merge the strings of the sources under `root` into `ts_file`."""
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *map(str, sources(root)),
            "-ts",
            str(ts_file),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            language,
            "-silent",
            *(["-pluralonly"] if language.partition("_")[0] in PLURAL_ONLY else []),
        ],
        cwd=root,
        check=True,
    )


def lrelease(ts_file: Path, qm_file: Path) -> None:
    """Compile `ts_file` into `qm_file`."""
    qm_file.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True
    )


def _finished(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    if message.get("numerus") == "yes":
        forms = [form.text or "" for form in translation.iter("numerusform")]
        return bool(forms) and all(form.strip() for form in forms)
    return bool((translation.text or "").strip())


def unfinished(ts_file: Path) -> list[str]:
    """`context: source` of each message of `ts_file` that has no finished translation."""
    return [
        f"{context.findtext('name', '')}: {message.findtext('source', '')}"
        for context in ET.parse(ts_file).getroot().iter("context")
        for message in context.iter("message")
        if not _finished(message)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 while a string is untranslated"
    )
    args = parser.parse_args(argv)
    TS_DIR.mkdir(parents=True, exist_ok=True)
    status = 0
    for lang, locale in LANGUAGES.items():
        ts_file = TS_DIR / f"comptoir_{lang}.ts"
        lupdate(ts_file, locale)
        lrelease(ts_file, QM_DIR / f"comptoir_{lang}.qm")
        missing = unfinished(ts_file)
        if missing:
            status = 1 if args.check else 0
            print(f"{ts_file.relative_to(ROOT)}: {len(missing)} string(s) to translate:")
            for entry in missing:
                print(f"  {entry}")
    if any(unfinished(TS_DIR / f"comptoir_{lang}.ts") for lang in LANGUAGES):
        print("Fill them in (pyside6-linguist or a text editor), then run make translations.")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
