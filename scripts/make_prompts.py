"""Make the spoken prompts: resources/prompts/<id>.wav from prompts.json, in Mandarin.

    .venv/bin/python scripts/make_prompts.py [--force]

espeak-ng (Debian `espeak-ng`, voice `cmn`) speaks each text; sox (Debian `sox`) trims
the silence espeak leaves around it, makes it 22.05 kHz mono 16-bit (what QSoundEffect
plays everywhere) and normalises it to -3 dBFS so every prompt is equally loud. Run by
scripts/setup and installer/build_linux.sh; the files are build output, never committed.
A prompt whose .wav is newer than prompts.json is kept unless --force.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROMPTS = Path(__file__).resolve().parents[1] / "resources" / "prompts"
VOICE = "cmn"
WORDS_PER_MINUTE = "150"  # espeak's default 175 is quick for older listeners


def prompt_texts() -> dict[str, str]:
    table = json.loads((PROMPTS / "prompts.json").read_text(encoding="utf-8"))
    return {key: value for key, value in table.items() if not key.startswith("_")}


def make(prompt_id: str, text: str, espeak: str, sox: str) -> Path:
    target = PROMPTS / f"{prompt_id}.wav"
    with tempfile.TemporaryDirectory() as scratch:
        spoken = Path(scratch) / "spoken.wav"
        subprocess.run(
            [espeak, "-v", VOICE, "-s", WORDS_PER_MINUTE, "-w", str(spoken), text],
            check=True, timeout=60,
        )
        shaped = Path(scratch) / "shaped.wav"
        subprocess.run(
            [sox, str(spoken), "-r", "22050", "-c", "1", "-b", "16", str(shaped),
             "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%",
             "reverse", "pad", "0.1", "0.2", "norm", "-3"],
            check=True, timeout=60,
        )
        shutil.move(shaped, target)  # whole or not at all
    return target


def main(argv: list[str]) -> int:
    espeak, sox = shutil.which("espeak-ng"), shutil.which("sox")
    if espeak is None or sox is None:
        print("make_prompts: espeak-ng and sox are needed (apt install espeak-ng sox)",
              file=sys.stderr)
        return 1
    source_time = (PROMPTS / "prompts.json").stat().st_mtime
    for prompt_id, text in prompt_texts().items():
        target = PROMPTS / f"{prompt_id}.wav"
        if "--force" in argv or not target.exists() or target.stat().st_mtime < source_time:
            make(prompt_id, text, espeak, sox)
    print(f"make_prompts: {len(prompt_texts())} prompts in {PROMPTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
