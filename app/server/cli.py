"""``cedu-server [--host] [--port] [--data-dir] [--demo]`` (API.md: flags, then CEDU_*)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

import uvicorn

import app as cedu
from app.proctor.programs import ProgramListError
from app.server.data_lock import EXIT_DATA_DIR_IN_USE, DataDirInUseError, hold_data_dir
from app.server.demo.seed import seed_demo
from app.server.errors import ApiError
from app.server.main import bootstrap_admin, build_context, create_app
from app.server.settings import Settings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="cedu-server", description="cedu reference server (继续教育参考服务器)"
    )
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8765)")
    parser.add_argument("--data-dir", type=Path, help="database, media and keys")
    parser.add_argument("--demo", action="store_true", help="create the demo data when empty")
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="stop when standard input closes (the desktop client's bundled server)",
    )
    parser.add_argument(
        "--migrate",
        action="store_true",
        help="upgrade the database to this version's schema, then exit (deploy/README)",
    )
    parser.add_argument("--version", action="version", version=f"cedu-server {cedu.__version__}")
    return parser.parse_args(argv)


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        key: value
        for key, value in {"host": args.host, "port": args.port, "data_dir": args.data_dir}.items()
        if value is not None
    }
    if args.demo:
        overrides["demo"] = True
    return Settings(**overrides)


def exit_when_stdin_closes() -> None:
    """The client holds our stdin open; when it dies (even by SIGKILL) the pipe closes.

    Works the same on Windows and Linux, unlike parent-death signals.
    """

    def watch() -> None:
        while sys.stdin.buffer.read(1024):
            pass
        os._exit(0)

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def settle_startup_objects() -> None:
    """Leave what startup made (modules, the app, SQLAlchemy's and pydantic's tables) out of
    the garbage collector's full collections: each one walked all of it, a 100 ms pause of
    every request under way (bench_progress: 3 pauses of 95-102 ms, the p99 of the paced
    load). gc.freeze keeps them for good, as they would be anyway; garbage is freed first.
    """
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["staff"]:
        from app.server.staff_cli import run

        sys.exit(run(arguments[1:]))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = parse_args(arguments)
    if args.exit_with_stdin:
        exit_when_stdin_closes()
    settings = settings_from_args(args)
    try:
        data_lock = hold_data_dir(settings.data_dir)  # held until the process ends
    except DataDirInUseError as exc:
        print(exc, file=sys.stderr, flush=True)
        sys.exit(EXIT_DATA_DIR_IN_USE)
    if args.migrate:
        settings.migrate = True
    try:
        context = build_context(settings)
    except ProgramListError as exc:
        sys.exit(f"CEDU_FORBIDDEN_PROGRAMS_FILE: {exc}")
    if args.migrate:
        print("数据库已升级到当前版本 (database upgraded)", flush=True)
        return
    try:
        generated = bootstrap_admin(context)
    except ApiError as exc:  # CEDU_ADMIN_PASSWORD=a: refused, with the policy's reason
        sys.exit(f"CEDU_ADMIN_PASSWORD: {exc.message}")
    if generated:
        # Printed once; it is not stored anywhere in clear.
        print(f"管理员账号 admin 的初始密码 (admin password): {generated}", flush=True)
    if settings.demo and seed_demo(context):
        print("已创建演示数据 (demo data created)", flush=True)
    print(f"cedu-server {cedu.__version__} on {settings.base_url}", flush=True)
    settle_startup_objects()
    uvicorn.run(
        create_app(context),
        host=settings.host,
        port=settings.port,
        log_level="info",
        # X-Forwarded-For is believed only from these addresses (nginx): anyone else
        # could claim any address. Unset, it is believed from no one.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
    )
    data_lock.release()


if __name__ == "__main__":
    main()
