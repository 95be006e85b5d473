"""The client's side of a lesson, headless, run as its own process so a test can SIGKILL
it: log in, start the sender (it sends first what a killed run left in the journal), ask
the server where the lesson stands, and play the lesson's media URL on the real player
(libvlc with dummy video and audio, or Qt Multimedia offscreen), the tracker turning
playback into progress events that are journaled, then sent by the sender.

`--face-check FACES_DIR` first makes the client's own face check (app.proctor.check on
frames of the shared face video against the enrolled photo) and journals it, as the
client does offline (FACE-3); every progress event names it (PROG-5).

`--offline-check-after S` makes a second face check (FACE-5) S seconds into playback,
decided here and journaled (the server may be away), then named by the events from there
on; the server judges it when it gets it. `--downloads DIR` first downloads the lessons
(checked) and plays the files, as offline study does; `--lessons N` plays N in a row.

Prints, each line flushed: `check <check_id>` once a check is journaled,
`resume <resume_s> <credited_s> <lesson_id>` as the server told it, `playing <position>`
once the video moves, `ended` at each lesson's end, `journaled <event_id> <from_s>
<to_s>` after each event's commit, and `drained` once nothing is left to send.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.proctor.gesture import pick_gesture
from app.sync.api import ApiClient
from app.sync.download import download_media
from app.sync.errors import ApiError
from app.sync.journal import Journal
from app.sync.sender import Sender

# libvlc 3 names its dummy outputs vdummy and adummy (a bare "dummy" falls through to
# the next output it finds, such as colour ASCII art on the terminal).
VLC_HEADLESS_ARGS = ("--vout=vdummy", "--aout=adummy", "--no-video-title-show", "--quiet")


def say(line: str) -> None:
    print(line, flush=True)


# Where in the looped clip a later check meets the camera: at frame 0 and at 37 or 74 the
# checks pick the same frames around the clip's one blink, a replay to the server (FACE-3);
# from 111 on (3.7 s later) other ones (bench/measure_fingerprints.py has the figures).
LATER_CHECK_START = 111


def journal_face_check(
    journal: Journal,
    owner: str,
    client: ApiClient,
    faces_dir: Path,
    lesson: Any,
    start: int = 0,
) -> str:
    """The client's face check on the whole face video as a webcam gives it (from its
    frame `start`), on the server's challenge or, offline, on the client's own pick,
    decided here and journaled (FACE-3)."""
    from tests.support.faults import enrolled_photo, run_face_check, webcam_frames

    try:
        challenge = client.face_challenge()
        gesture, challenge_id = challenge["gesture"], challenge["challenge_id"]
    except ApiError:  # offline, or a server without challenges
        gesture, challenge_id = pick_gesture(), None
    outcome = run_face_check(
        webcam_frames(faces_dir, start=start), enrolled_photo(faces_dir),
        lesson_id=int(lesson["id"]),
        gesture=gesture, challenge_id=challenge_id,
    )  # fmt: skip
    if outcome.state != "passed":
        raise SystemExit(f"the client's face check did not pass: {outcome.reason}")
    journal.append_face_check(owner, client.session_id, outcome.meta, outcome.crops)
    check_id = str(outcome.meta["check_id"])
    say(f"check {check_id}")
    return check_id


def login(url: str, id_number: str, password: str, timeout_s: float = 240.0) -> ApiClient:
    """Log in, waiting while the server is away (it may be stopped by the test)."""
    client = ApiClient(url)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            client.login(id_number, password)
            return client
        except ApiError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@dataclass
class Playing:
    check_id: str | None  # the latest passed check, named by the events (PROG-5)
    started: float = 0.0  # monotonic time the first lesson began to move
    start: float = 0.0  # where the current lesson opened
    lesson: Any = None


def drain(journal: Journal, sender: Sender, owner: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while journal.pending_count(owner) and time.monotonic() < deadline:
        sender.wake()
        time.sleep(0.1)
    sender.stop()
    say("drained" if journal.pending_count(owner) == 0 else "not drained")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("id_number")
    parser.add_argument("password")
    parser.add_argument("journal")
    parser.add_argument("--lesson-index", type=int, help="default: the first not complete")
    parser.add_argument("--face-check", type=Path, help="faces dir: make and journal a check")
    parser.add_argument("--check-id", help="the check a previous run journaled")
    parser.add_argument("--offline-check-after", type=float, help="s of play, then a check")
    parser.add_argument("--downloads", type=Path, help="download, then play from the files")
    parser.add_argument("--lessons", type=int, default=1, help="how many lessons to play")
    parser.add_argument("--drain", action="store_true", help="send what is journaled, exit")
    parser.add_argument("--backend", default="vlc", choices=("vlc", "qt"))
    parser.add_argument("--chunk-s", type=float, default=1.0)
    parser.add_argument("--backoff-s", type=float, default=0.2)
    args = parser.parse_args(argv)

    client = login(args.url, args.id_number, args.password)
    owner = args.id_number
    journal = Journal(Path(args.journal))
    sender = Sender(
        journal, client, owner,
        first_backoff_s=args.backoff_s, max_backoff_s=max(args.backoff_s, 2.0), idle_s=1.0,
    )  # fmt: skip
    enrollment = int(client.me()["enrollments"][0]["id"])
    lessons = sorted(client.lessons(enrollment), key=lambda x: x["index"])
    first = next(
        n for n, x in enumerate(lessons)
        if (x["index"] == args.lesson_index if args.lesson_index else not x["complete"])
    )  # fmt: skip
    queue: list[tuple[Any, str]] = []
    for lesson in lessons[first : first + args.lessons]:
        source = lesson["media"]["url"]
        if args.downloads is not None:  # offline study plays the checked local file
            media = lesson["media"]
            dest = args.downloads / f"lesson-{lesson['id']}.mp4"
            download_media(media["url"], dest, sha256=media["sha256"], total_bytes=media["bytes"])
            source = str(dest)
        queue.append((lesson, source))
    check_id = args.check_id
    if args.face_check is not None:
        check_id = journal_face_check(journal, owner, client, args.face_check, lessons[first])
    sender.start()
    if args.drain:
        drain(journal, sender, owner, 120.0)
        return 0
    play(args, client, journal, sender, queue, check_id)
    drain(journal, sender, owner, 120.0)
    return 0


def play(
    args: argparse.Namespace,
    client: ApiClient,
    journal: Journal,
    sender: Sender,
    queue: list[tuple[Any, str]],
    check_id: str | None,
) -> None:
    """Play the lessons in `queue` one after another, as the lesson window does."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.player.lesson_player import LessonPlayer
    from app.player.qt_backend import QtMultimediaBackend
    from app.player.state import PlaybackState
    from app.player.tracker import ProgressEvent
    from app.qt import QApplication, QTimer, QVBoxLayout, QWidget
    from app.ui.lessons.lesson_row import lesson_frontier, resume_point

    app = QApplication([sys.argv[0]])
    owner = args.id_number
    if args.backend == "vlc":
        from app.player.vlc_backend import VlcBackend

        class HeadlessVlcBackend(VlcBackend):
            """libvlc with no window: handing it a drawable makes it pick the window's
            video output over --vout, so the dummy output needs none."""

            def _attach_window(self) -> None:
                pass

        backend: Any = HeadlessVlcBackend(VLC_HEADLESS_ARGS)
    else:
        backend = QtMultimediaBackend()
    player = LessonPlayer(backend, chunk_s=args.chunk_s)
    window = QWidget()
    QVBoxLayout(window).addWidget(player)
    window.resize(320, 240)
    window.show()
    window.activateWindow()

    def journal_event(event: ProgressEvent) -> None:
        journal.append_progress(owner, event.to_payload())  # type: ignore[arg-type]
        say(f"journaled {event.event_id} {event.from_s:.3f} {event.to_s:.3f}")
        sender.wake()

    player.progress_event.connect(journal_event)
    state = Playing(check_id)

    def open_next() -> None:
        lesson, source = queue.pop(0)
        state.lesson, state.start = lesson, resume_point(lesson)
        say(f"resume {lesson['resume_s']} {lesson['credited_s']} {lesson['id']}")
        player.open_lesson(
            source,
            session_id=client.session_id or "",
            lesson_id=int(lesson["id"]),
            duration_s=float(lesson["duration_s"]),
            resume_s=resume_point(lesson),
            frontier_s=lesson_frontier(lesson),
            face_check_id=state.check_id,
        )
        QTimer.singleShot(0, player.play)

    def watch() -> None:
        if not state.started and player.position_s > state.start + 0.1:
            state.started = time.monotonic()
            say(f"playing {player.position_s:.3f}")
        if player.state == PlaybackState.ENDED:
            say("ended")
            if queue:
                open_next()
            else:
                app.quit()
        due = args.offline_check_after
        if due is not None and state.started and time.monotonic() - state.started >= due:
            args.offline_check_after = None
            # FACE-5's random check, as the lesson window makes it: playback held, the
            # check made and decided here (the server may be away), then play again.
            player.pause_for_check("periodic")
            faces = args.face_check
            new_id = journal_face_check(
                journal, owner, client, faces, state.lesson, LATER_CHECK_START
            )
            state.check_id = new_id
            player.release_check()
            player.set_face_check_id(new_id)
            player.play()

    ticker = QTimer()
    ticker.timeout.connect(watch)
    ticker.start(50)
    open_next()
    app.exec()
    player.release()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
