"""`cedu`: the desktop client's entry point (API.md, Command lines).

Heavy modules load only on the path that needs them, so `--version` is instant and the
login window shows before the face engine or libvlc are imported.
"""

from __future__ import annotations

import logging
import sys

from app.ui.kit.options import build_parser, options_from_args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve"]:
        # The frozen bundle starts its own server this way (bundled_server.py).
        from app.server.cli import main as serve

        serve(argv[1:])
        return 0
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    options = options_from_args(args)
    if args.self_check:
        from app.ui.selfcheck.device_checks import run_cli

        return int(run_cli(options))
    from app.ui.launch import run_app

    return run_app(options)


if __name__ == "__main__":
    sys.exit(main())
