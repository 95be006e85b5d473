"""`python -m app.proctor`: the face engine from the command line (API.md).

    check-photo PHOTO             -> {"ok", "reason", "message"}
    compare ENROLLED PROBE        -> {"match", "distance", "threshold", "reason"}
    liveness VIDEO_OR_CAMERA      -> {"live", "method"}

One JSON object on stdout. Exit 0 whenever the command ran, whatever it decided; exit 2
with {"error": ...} only when the arguments cannot be used (a missing file, a camera that
will not open).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# One thread per library: the client shares the PC with the video player, and the
# numbers in bench/ are per core. Must be set before numpy/mediapipe load.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTEROP_THREADS",
              "TF_NUM_INTRAOP_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("GLOG_minloglevel", "2")  # keep mediapipe's log off the JSON
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

EXIT_BAD_ARGUMENTS = 2


class UsageError(Exception):
    pass


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _read_file(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"no such file: {path}")
    return file.read_bytes()


def _check_photo(args: argparse.Namespace) -> dict[str, Any]:
    from app.proctor.photo import check_photo

    verdict = check_photo(_read_file(args.photo))
    return {"ok": verdict.ok, "reason": verdict.reason, "message": verdict.message}


def _compare(args: argparse.Namespace) -> dict[str, Any]:
    from app.proctor.identity import DEFAULT_THRESHOLD, distance, embedding_from_image_bytes

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    enrolled = embedding_from_image_bytes(_read_file(args.enrolled))
    probe = embedding_from_image_bytes(_read_file(args.probe))
    for result in (enrolled, probe):
        if result.embedding is None:
            return {"match": False, "distance": None, "threshold": threshold,
                    "reason": result.reason}
    assert enrolled.embedding is not None and probe.embedding is not None
    gap = distance(enrolled.embedding, probe.embedding)
    return {"match": gap <= threshold, "distance": round(gap, 4), "threshold": threshold,
            "reason": None}


def _liveness(args: argparse.Namespace) -> dict[str, Any]:
    from app.proctor.camera import FileCamera, Frame, open_camera
    from app.proctor.detect import default_engine
    from app.proctor.liveness import run_liveness

    spec: str = args.source
    path_part = spec.split("#", 1)[0]
    is_file = not spec.strip().isdigit() and "://" not in spec
    if is_file and not Path(path_part).is_file():
        raise UsageError(f"no such file: {path_part}")
    # A file is analysed as fast as it decodes; its own timestamps keep blinks honest.
    camera = open_camera(spec, paced=False, queue_size=256)
    first = camera.read(10.0)
    if first is None:
        camera.stop()
        raise UsageError(f"cannot read frames from {spec}: {camera.error or 'no frames'}")
    fps = camera.fps if isinstance(camera, FileCamera) and camera.fps else None

    def timed() -> Iterator[tuple[float, Any]]:
        frame: Frame | None = first
        start_stamp = first.timestamp
        while frame is not None:
            t = (frame.index - first.index) / fps if fps else frame.timestamp - start_stamp
            yield t, frame.image
            frame = camera.read(5.0)

    try:
        result = run_liveness(timed(), default_engine(), method=args.method,
                              turn_side=args.side, max_seconds=args.seconds)
    finally:
        camera.stop()
    return {"live": result.live, "method": result.method, "frames": result.frames}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.proctor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    photo = commands.add_parser("check-photo", help="FACE-1 checks of an enrolled photo")
    photo.add_argument("photo")
    photo.set_defaults(run=_check_photo)
    compare = commands.add_parser("compare", help="is PROBE the person of ENROLLED?")
    compare.add_argument("enrolled")
    compare.add_argument("probe")
    compare.add_argument("--threshold", type=float, default=None)
    compare.set_defaults(run=_compare)
    live = commands.add_parser("liveness", help="blink / head-turn test on a video or camera")
    live.add_argument("source", help='camera index ("0"), video file, "file.mp4#82-210", URL')
    live.add_argument("--method", choices=("blink", "turn", "any"), default="blink")
    live.add_argument("--side", choices=("left", "right"), default="left")
    live.add_argument("--seconds", type=float, default=30.0)
    live.set_defaults(run=_liveness)
    return parser



def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        if stop.code in (0, None):  # --help
            return 0
        _emit({"error": "bad_arguments", "detail": "see --help"})
        return EXIT_BAD_ARGUMENTS
    try:
        _emit(args.run(args))
    except UsageError as problem:
        _emit({"error": "bad_arguments", "detail": str(problem)})
        return EXIT_BAD_ARGUMENTS
    return 0


if __name__ == "__main__":
    sys.exit(main())
