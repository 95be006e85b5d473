"""``cedu-server staff create|reset|list``: bootstrap and recover staff accounts from the
server's own machine (no sign-in needed: whoever runs it can read the database anyway).
Passwords are read from standard input, never from the command line (shell history)."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.server import roles
from app.server.errors import ApiError
from app.server.main import build_context
from app.server.services import staff as staff_accounts
from app.server.settings import Settings


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码 (new password): ")
    if getpass.getpass("再输入一次 (again): ") != first:
        raise ApiError("invalid_request", "两次输入的密码不一致。")
    return first


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="cedu-server staff", description="工作人员账号 (staff accounts)"
    )
    main.add_argument("--data-dir", help="the server's data dir (or CEDU_DATA_DIR)")
    commands = main.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="new account")
    create.add_argument("username")
    create.add_argument("--role", choices=roles.ROLES, required=True)
    create.add_argument("--name", default="", help="display name")
    create.add_argument("--centre", default="", help="a clerk's training-centre code")
    create.add_argument("--password-stdin", action="store_true")
    reset = commands.add_parser("reset", help="new password; ends the account's sessions")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    commands.add_parser("list", help="every account")
    return main


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    context = build_context(settings)
    try:
        with context.sessions() as db:
            if args.command == "list":
                for member in staff_accounts.listing(db):
                    state = "" if member.active else "  (已停用 disabled)"
                    centre = member.centre_code or ""
                    print(
                        f"{member.username}\t{member.role}\t{member.display_name}\t{centre}{state}"
                    )
            elif args.command == "create":
                staff_accounts.create(
                    db,
                    context.now(),
                    username=args.username,
                    password=_read_password(args),
                    role=args.role,
                    display_name=args.name,
                    centre_code=args.centre,
                    address="cli",
                )
                print(f"已创建 (created): {args.username}")
            else:
                member = staff_accounts.find(db, args.username)
                staff_accounts.reset_password(
                    db,
                    context.now(),
                    member,
                    _read_password(args),
                    reason="cedu-server staff reset",
                    address="cli",
                )
                print(f"密码已重置 (password reset): {args.username}")
    except ApiError as exc:
        print(f"{exc.message} ({exc.code})", file=sys.stderr)
        return 2
    finally:
        context.engine.dispose()
    return 0
