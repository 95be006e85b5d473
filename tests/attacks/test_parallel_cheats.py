"""A script with a trainee's token sends its requests all at once, on SQLite and
PostgreSQL: FACE-1's limit of 5 rejected photos in 10 minutes holds against parallel
uploads (each beyond it refused before its decode; an accepted photo is not counted),
and a face challenge serves one check of parallel checks naming it (FACE-3), without
holding SQLite's write lock while the check is judged; a login and a supervision's start
at once leave one live session (ACC-4)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from app.server.models import PhotoRejection
from tests.support.faults import enrolled_photo
from tests.support.live_server import LiveServer, start_server
from tests.support.postgres import PostgresCluster
from tests.support.server_faces import post_check

ZHANG, WANG, QIAN = "530102198001010015", "532501198811200037", "530302196909300057"
ZHAO = "53290119920607004X"
NEW_PASSWORD = "Anquan2026!"
AT_ONCE = 10


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, media_dir: Path
) -> Iterator[LiveServer]:
    """One server per database for the module; each test has trainees of its own."""
    url = None
    if request.param == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        if isinstance(cluster, str):
            pytest.skip(cluster)
        assert isinstance(cluster, PostgresCluster)
        url = cluster.new_database()
    live = start_server(tmp_path_factory.mktemp("parallel"), url, media_dir)
    yield live
    live.stop()


def upload(server: LiveServer, token: str, photo: bytes) -> int:
    headers = {"Content-Type": "image/jpeg"}
    return int(server.call("PUT", "/me/photo", token, data=photo, headers=headers).status_code)


def rejections(server: LiveServer) -> int:
    with server.context.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(PhotoRejection)) or 0)


# RULES: FACE-1
def test_parallel_bad_photos_are_rejected_at_most_five_times(
    server: LiveServer, faces_dir: Path
) -> None:
    token = server.ready_trainee(ZHANG)
    server.consent(token)
    # Not a picture: refused at its decode, before the face work (which takes one upload
    # of a trainee at a time), so the uploads really run side by side.
    junk = b"\xff\xd8\xff" + bytes(range(256)) * 200
    with ThreadPoolExecutor(AT_ONCE) as pool:
        codes = sorted(pool.map(lambda _: upload(server, token, junk), range(AT_ONCE)))
    assert codes == [422] * 5 + [429] * (AT_ONCE - 5), codes
    assert rejections(server) == 5
    # Another trainee's good photo is stored and counts as no rejection.
    other = server.ready_trainee(WANG)
    server.consent(other)
    assert upload(server, other, enrolled_photo(faces_dir)) == 201
    assert rejections(server) == 5


# RULES: FACE-3
def test_parallel_checks_on_one_challenge_are_judged_once(server: LiveServer) -> None:
    token = server.ready_trainee(QIAN)
    server.consent(token)
    crops = [
        bytes(cv2.imencode(".jpg", np.full((120, 100, 3), 60 + 40 * n, np.uint8))[1])
        for n in range(3)
    ]

    def check(challenge_id: str) -> str:
        answer = post_check(
            server, token, crops, challenge_id=challenge_id, crop_times=[0.0, 1.0, 2.0]
        )
        return str(answer["reason"])

    for _ in range(3):  # a race can be won in order too: tried a few times
        made = server.call("POST", "/face-checks/challenges", token)
        assert made.status_code == 201, made.text
        with ThreadPoolExecutor(4) as pool:
            reasons = list(pool.map(check, [made.json()["challenge_id"]] * 4))
        # Judged once (here: no photo yet); every other check was refused the challenge.
        assert reasons.count("challenge_expired") == 3, reasons


# RULES: FACE-3
def test_a_check_on_a_challenge_holds_no_write_lock_while_it_is_judged(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script sending checks on challenges in a loop held SQLite's one write lock for
    each check's face work (the challenge taken in the transaction the check commits),
    stalling every other trainee's progress and logins meanwhile. Seen from a second
    connection to the same database file while a check is being judged."""
    from app.server.services import faces

    judging, release = threading.Event(), threading.Event()
    real_judge = faces.judge

    def held_judge(*args: Any, **kwargs: Any) -> Any:
        judging.set()
        release.wait(timeout=30)
        return real_judge(*args, **kwargs)

    monkeypatch.setattr(faces, "judge", held_judge)
    token = live_server.ready_trainee(ZHANG)
    live_server.consent(token)
    made = live_server.call("POST", "/face-checks/challenges", token).json()
    crops = [bytes(cv2.imencode(".jpg", np.full((120, 100, 3), 90, np.uint8))[1])] * 3
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(
            post_check,
            live_server,
            token,
            crops,
            challenge_id=made["challenge_id"],
            crop_times=[0.0, 1.0, 2.0],
        )
        try:
            assert judging.wait(timeout=60)
            database = live_server.context.settings.data_dir / "cedu.sqlite3"
            other = sqlite3.connect(database, timeout=0.5)
            try:
                other.execute("BEGIN IMMEDIATE")  # what another request's write needs
                other.rollback()
            finally:
                other.close()
        finally:
            release.set()
        assert check.result(timeout=60)["reason"] != "challenge_expired"


# RULES: ACC-4, FACE-8
def test_a_login_during_a_supervisions_start_leaves_one_live_session(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trainee's accomplice signs in at home while the clerk opens the trainee's
    supervised session at the kiosk: one login stays live, as for two logins (before, on
    PostgreSQL both did: the supervision did not queue on the trainee's row). The
    supervision's start is held open a moment, after its session is made, to meet it."""
    from app.server.models import AuthSession, Trainee
    from app.server.services import accounts

    server.add_staff("clerk_race", "clerk")
    clerk = server.staff_token("clerk_race")
    server.ready_trainee(ZHAO)
    opening, real_open = threading.Event(), accounts.open_trainee_session

    def slow_open(*args: Any, **kwargs: Any) -> Any:
        opened = real_open(*args, **kwargs)
        if kwargs.get("device_kind") == "kiosk":
            opening.set()
            time.sleep(1.5)
        return opened

    monkeypatch.setattr(accounts, "open_trainee_session", slow_open)
    with ThreadPoolExecutor(1) as pool:
        kiosk = pool.submit(server.client.open_supervision, clerk, ZHAO)
        assert opening.wait(timeout=60)
        server.login(ZHAO, NEW_PASSWORD)
        assert kiosk.result(timeout=60).status_code == 201
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == ZHAO)).one()
        live = db.scalars(
            select(AuthSession.device_kind).where(
                AuthSession.trainee_id == trainee.id,
                AuthSession.replaced_at.is_(None),
                AuthSession.ended_at.is_(None),
            )
        ).all()
    assert len(live) == 1, live
