"""The real server on a loopback port, in a thread of the test process: real HTTP,
real database, and the test can still move the server's clock."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import uvicorn

from app.server.context import ServerContext
from app.server.demo.seed import DEMO_CENTRE, seed_demo
from app.server.main import bootstrap_admin, build_context, create_app
from app.server.services import staff as staff_accounts
from app.server.settings import Settings

ADMIN_PASSWORD = "test-admin-password"
STAFF_PASSWORD = "staff-Password-2026"
API = "/api/v1"
ZHANG = "530102198001010015"  # 张三: paid, nothing watched
NEW_PASSWORD = "Anquan2026!"


@dataclass
class Clock:
    """The server's clock, movable by tests (lockouts, order expiry, deadlines)."""

    offset: dt.timedelta = field(default_factory=dt.timedelta)
    # Set, the clock stands still: a test of waits counted in seconds (a throttle) then
    # does not depend on how fast a loaded machine sends its requests.
    frozen_at: dt.datetime | None = None

    def __call__(self) -> dt.datetime:
        return (self.frozen_at or dt.datetime.now(dt.UTC)) + self.offset

    def freeze(self) -> None:
        self.frozen_at = dt.datetime.now(dt.UTC)

    def advance(self, **kwargs: float) -> None:
        self.offset += dt.timedelta(**kwargs)


@dataclass
class LiveServer:
    url: str
    context: ServerContext
    clock: Clock
    server: uvicorn.Server
    thread: threading.Thread
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def api(self) -> str:
        return self.url + API

    @property
    def client(self) -> Http:
        """The tests' one HTTP client (Http, below), on this server's session, with a
        30 s timeout."""
        return Http(self.api, self.http, timeout=30)

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        return self.client.call(method, path, token, **kwargs)

    def login(self, id_number: str, password: str = "12345678") -> dict[str, Any]:
        return self.client.login(id_number, password)

    def ready_trainee(self, id_number: str, new_password: str = "Anquan2026!") -> str:
        """Log in with the initial password, change it, log in again: a usable token."""
        first = self.login(id_number)
        if first["must_change_password"]:
            changed = self.call(
                "POST",
                "/auth/password",
                first["token"],
                json={"old_password": "12345678", "new_password": new_password},
            )
            assert changed.status_code == 204, changed.text
            return str(self.login(id_number, new_password)["token"])
        return str(first["token"])

    def consent(self, token: str) -> None:
        """FACE-8: the trainee agrees to face data (the consent screen's 同意)."""
        self.client.consent(token)

    def admin_token(self) -> str:
        return self.client.admin_token()

    def staff_token(self, username: str, password: str = STAFF_PASSWORD) -> str:
        return self.client.staff_token(username, password)

    def add_staff(
        self, username: str, role: str, password: str = STAFF_PASSWORD, centre: str = ""
    ) -> None:
        """A staff account made as `cedu-server staff create` makes it (a clerk's centre
        defaults to the demo trainees' one)."""
        if role == "clerk" and not centre:
            centre = DEMO_CENTRE
        with self.context.sessions() as db:
            staff_accounts.create(
                db,
                self.clock(),
                username=username,
                password=password,
                role=role,
                centre_code=centre,
            )

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.http.close()
        self.context.engine.dispose()


def shared_media_dir(base: Path) -> Path:
    """One folder of demo videos for every server of the test run, in-process or child
    (made on the first seeding; the file names carry a hash of the recipe, so later
    servers reuse them, and each is written under a temporary name and renamed, so a
    server seeding beside another never reads half a video)."""
    # scripts/test runs two pytest processes side by side: CEDU_TEST_MEDIA_DIR gives them
    # one folder, so the videos are made once for the whole run, not once per process.
    shared = os.environ.get("CEDU_TEST_MEDIA_DIR")
    folder = Path(shared) if shared else base / "demo-media"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    """A port nothing listens on (for a server that is not there)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _bound_socket() -> socket.socket:
    """A loopback socket on a free port, bound now and handed to uvicorn: a port only
    picked here and bound after the demo's seeding could be taken by then. SO_REUSEADDR as
    uvicorn sets it on its own sockets: a test that stops the server and serves again on
    the same port (tests/sync) binds past the closed connections' TIME_WAIT."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def start_server(
    data_dir: Path, database_url: str | None, media_dir: Path, demo: bool = True, **settings: Any
) -> LiveServer:
    sock = _bound_socket()
    port: int = sock.getsockname()[1]
    config = Settings(
        host="127.0.0.1",
        port=port,
        data_dir=data_dir,
        database_url=database_url,
        media_dir=media_dir,
        demo=demo,
        admin_password=ADMIN_PASSWORD,
        demo_lesson_seconds=settings.pop("demo_lesson_seconds", 30),
        **settings,
    )
    clock = Clock()
    context = build_context(config, clock=clock)
    bootstrap_admin(context)
    if demo:
        seed_demo(context)
    server = uvicorn.Server(
        uvicorn.Config(create_app(context), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    return LiveServer(f"http://127.0.0.1:{port}", context, clock, server, thread)


class Http:
    """Plain calls to the API, as the tests make them (the client's own calls go
    through app.sync.api.ApiClient); LiveServer's calls are these too."""

    def __init__(
        self, api: str, session: requests.Session | None = None, timeout: float = 60
    ) -> None:
        self.api = api
        self.session = session or requests.Session()
        self.timeout = timeout

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(
            method, self.api + path, headers=headers, timeout=self.timeout, **kwargs
        )

    def login(
        self, id_number: str, password: str = "12345678", device: str = "test"
    ) -> dict[str, Any]:
        response = self.call(
            "POST",
            "/auth/login",
            json={
                "id_number": id_number,
                "password": password,
                "agree": True,
                "device": {"kind": "desktop", "name": device},
            },
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def ready_trainee(self, id_number: str = ZHANG) -> str:
        """Change the initial password if needed; a usable token."""
        return str(self.ready_login(id_number)["token"])

    def ready_login(self, id_number: str = ZHANG, device: str = "test") -> dict[str, Any]:
        """Change the initial password if needed, then log in: the login's answer."""
        first = self.login(id_number, "12345678") if self._initial(id_number) else None
        if first is not None and first["must_change_password"]:
            changed = self.call(
                "POST",
                "/auth/password",
                first["token"],
                json={"old_password": "12345678", "new_password": NEW_PASSWORD},
            )
            assert changed.status_code == 204, changed.text
        return self.login(id_number, NEW_PASSWORD, device)

    def _initial(self, id_number: str) -> bool:
        probe = self.call(
            "POST",
            "/auth/login",
            json={"id_number": id_number, "password": NEW_PASSWORD, "agree": True},
        )
        return probe.status_code != 200

    def admin_token(self) -> str:
        response = self.call(
            "POST", "/admin/login", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def consent(self, token: str) -> None:
        """FACE-8: the trainee agrees to face data (the consent screen's 同意)."""
        response = self.call(
            "POST", "/me/consents", token, json={"agree": True, "text_version": "test"}
        )
        assert response.status_code == 201, response.text

    def staff_token(self, username: str, password: str = STAFF_PASSWORD) -> str:
        response = self.call(
            "POST", "/admin/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def open_supervision(
        self,
        staff_token: str,
        id_number: str,
        *,
        place: str = "昆明市五华区培训点",
        device: str = "培训点1号机",
        **body: Any,
    ) -> Any:
        """FACE-8: a clerk (or admin) opens a supervised login for the trainee at a kiosk,
        the ID card checked; `body` adds or replaces fields. 201: the login's token and
        the supervision."""
        return self.call(
            "POST",
            "/supervision/sessions",
            staff_token,
            json={
                "id_number": id_number,
                "id_card_checked": True,
                "place": place,
                "device": {"kind": "kiosk", "name": device},
                **body,
            },
        )

    def first_enrollment(self, token: str) -> int:
        return int(self.call("GET", "/me", token).json()["enrollments"][0]["id"])

    def lessons(self, token: str) -> list[dict[str, Any]]:
        enrollment = self.first_enrollment(token)
        response = self.call("GET", f"/enrollments/{enrollment}/lessons", token)
        assert response.status_code == 200, response.text
        lessons: list[dict[str, Any]] = response.json()
        return lessons

    def challenge(self, token: str) -> str | None:
        """A face challenge's id (FACE-3), or None when the server gives none (a refused
        token: the check's own answer then says why)."""
        made = self.call("POST", "/face-checks/challenges", token)
        return str(made.json()["challenge_id"]) if made.status_code == 201 else None

    def put_photo(self, token: str, photo: bytes) -> Any:
        """The photo, after the trainee's consent (FACE-8)."""
        self.consent(token)
        return self.call(
            "PUT", "/me/photo", token, data=photo, headers={"Content-Type": "image/jpeg"}
        )

    def face_check(self, token: str, meta: dict[str, Any], crops: Sequence[bytes]) -> Any:
        """POST /face-checks as the client sends it online: on the server's challenge
        (asked first) unless `meta` names one, or None for a check made offline (FACE-3:
        the server refuses a challenge-less check while the login reaches it)."""
        import json

        if "challenge_id" not in meta:
            meta = {**meta, "challenge_id": self.challenge(token)}
        files = [("crop", (f"{n}.jpg", crop, "image/jpeg")) for n, crop in enumerate(crops)]
        return self.call(
            "POST", "/face-checks", token, data={"meta": json.dumps(meta)}, files=files
        )
