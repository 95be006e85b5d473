"""The client's command line (API.md) and its few settings (environment, CEDU_*).

`cedu [--server URL] [--kiosk] [--camera 0|FILE|URL] [--lang zh_CN|en]`
`cedu --self-check [--camera ...] [--server URL]`, `cedu --version`.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "cedu"
LANGUAGES = ("zh_CN", "en")
DEFAULT_DATA_DIR = platformdirs.user_data_path(APP_NAME, appauthor=False)


def camera_spec(value: str) -> str | int:
    """`0` means the first webcam; anything else is a file or a URL."""
    return int(value) if value.isdigit() else value


@dataclass(frozen=True)
class ClientOptions:
    server_url: str | None = None  # None: start the bundled server
    kiosk: bool = False
    camera: str | int = 0
    lang: str = "zh_CN"
    data_dir: Path = DEFAULT_DATA_DIR
    # Kiosk mode: log out after this long without input (RULES: kiosk, issue 7).
    kiosk_idle_s: float = 600.0
    # Kiosk mode: the PIN staff type to leave the full-screen shell. None: no exit.
    kiosk_pin: str | None = None
    # Loop a file camera (a test clip stands in for the webcam).
    camera_loop: bool = True
    # A file camera may be limited to a frame range, as "82-210".
    camera_frames: tuple[int, int] | None = None
    # Spoken prompts (kit/voice.py); off: --no-voice or CEDU_VOICE_PROMPTS=0.
    voice_prompts: bool = True
    # Signed in offline: how often the server is asked whether it is back (issue 16).
    reconnect_s: float = 15.0

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    @property
    def downloads_dir(self) -> Path:
        return self.data_dir / "downloads"

    @property
    def server_data_dir(self) -> Path:
        return self.data_dir / "server"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cedu", description="cedu 建设行业继续教育学习客户端"
    )
    parser.add_argument("--server", help="server URL; default: start the bundled demo server")
    parser.add_argument("--kiosk", action="store_true", help="training-centre shared PC mode")
    parser.add_argument("--camera", default="0", help="webcam index, video file or URL")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh_CN")
    parser.add_argument("--self-check", action="store_true", help="check this PC, print JSON")
    parser.add_argument("--data-dir", type=Path, help="where the client keeps its data")
    parser.add_argument("--no-voice", action="store_true", help="no spoken prompts")
    parser.add_argument("--version", action=_PrintVersion, help="print the version and exit")
    return parser


class _PrintVersion(argparse.Action):
    """argparse's version action, with the version read only when asked for: reading it
    (importlib.metadata) cost ~15 ms before the login window's first paint."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
        values: object, option_string: str | None = None,
    ) -> None:  # fmt: skip
        import app as cedu

        print(f"cedu {cedu.__version__}")
        parser.exit()


def _frames(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    first, _, last = value.partition("-")
    return int(first), int(last)


def options_from_args(args: argparse.Namespace) -> ClientOptions:
    env = os.environ
    data_dir = args.data_dir or (
        Path(env["CEDU_CLIENT_DATA_DIR"]) if env.get("CEDU_CLIENT_DATA_DIR") else None
    )
    return ClientOptions(
        server_url=args.server,
        kiosk=args.kiosk,
        camera=camera_spec(args.camera),
        lang=args.lang,
        data_dir=data_dir or DEFAULT_DATA_DIR,
        kiosk_idle_s=float(env.get("CEDU_KIOSK_IDLE_MINUTES", "10")) * 60.0,
        kiosk_pin=env.get("CEDU_KIOSK_PIN") or None,
        camera_frames=_frames(env.get("CEDU_CAMERA_FRAMES")),
        voice_prompts=not args.no_voice
        and env.get("CEDU_VOICE_PROMPTS", "1").lower() not in ("0", "off", "no", "false"),
    )
