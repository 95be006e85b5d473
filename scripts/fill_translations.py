"""Fill unfinished English translations in .ts files from a Python dict file.

    .venv/bin/python scripts/fill_translations.py MAPPING.py resources/translations/en/x.ts ...

MAPPING.py defines `EN = {"中文": "English", ...}`. Only unfinished entries are filled;
what is left unfinished is listed, so nothing is silently skipped.
"""

from __future__ import annotations

import runpy
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts_path: Path, mapping: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        if source in mapping:
            translation.text = mapping[source]
            del translation.attrib["type"]
        else:
            missing.append(source)
    header = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_path.write_text(header + body + "\n", encoding="utf-8")
    return missing


def main(argv: list[str]) -> int:
    mapping: dict[str, str] = runpy.run_path(argv[0])["EN"]
    left = 0
    for name in argv[1:]:
        for source in fill(Path(name), mapping):
            print(f"{name}: untranslated: {source!r}")
            left += 1
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
