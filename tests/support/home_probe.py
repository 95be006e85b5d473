"""The home page on a real screen of some size: where each card's main button, its reason
line and the sync bar land on the screen, as the client itself placed its window.

Run as `python -m tests.support.home_probe JOB` on a display of the size to check (a
fresh Xvfb: tests.support.xvfb); JOB is a JSON file with the server's address, a folder
for the client, the trainee to sign in, the /me answers to show in turn and where to put
the screen's pictures. Prints one JSON line: per /me, the rectangles and whether each
lies inside the screen's free area. With `"offline": true` the client then starts again
with the server out of reach and the same trainee signs in offline (issue 16): the
offline home's note, main button and sync bar are placed the same way.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def settle(done: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Turn the event loop until `done()` (deferred deletions included)."""
    from app.qt import QCoreApplication, QEvent, QThread

    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the home page did not get there in time")
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QThread.msleep(20)


def placed(widget: Any) -> dict[str, Any]:
    from app.qt import QRect

    on_screen = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    free = widget.screen().availableGeometry()
    return {"rect": on_screen.getRect(), "inside": free.contains(on_screen)
            and widget.visibleRegion().boundingRect() == widget.rect() and widget.isVisible()}


def signed_in(job: dict[str, Any], server_url: str) -> Any:
    """The client started as a trainee starts it (sized by the screen it is on), signed
    in as the job's trainee, on its home page with the cards shown."""
    from app.ui.kit.options import ClientOptions
    from app.ui.launch import create_main_window

    options = ClientOptions(server_url=server_url, data_dir=Path(job["data_dir"]),
                            voice_prompts=False)
    window, _server = create_main_window(options)
    window.show_initial()
    page = window.login_page
    settle(lambda: window.isVisible() and page.login_button.isVisible())
    page.id_edit.setText(job["id_number"])
    page.password_edit.setText(job["password"])
    page.agree_box.setChecked(True)
    page.login_button.click()
    settle(lambda: window._home_page is not None and bool(window.home_page.cards))
    return window


def laid_out() -> None:
    from app.qt import QApplication

    for _ in range(3):  # the layouts' requests, posted by the new card, carried out
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def shoot(window: Any, job: dict[str, Any], name: str) -> None:
    screen = window.screen()
    size = f"{screen.geometry().width()}x{screen.geometry().height()}"
    screen.grabWindow(0).save(str(Path(job["shots_dir"]) / f"fit-home-{name}-{size}.png"))


def offline_home(job: dict[str, Any]) -> dict[str, Any]:
    """The client started again with no server to reach (nothing listens on port 9) and
    the trainee signed in offline with the same password."""
    window = signed_in(job, "http://127.0.0.1:9")
    home = window.home_page
    settle(lambda: window.ctx.offline_since is not None and home.offline_note.isVisible()
           and home.sync_bar.isVisible())
    laid_out()
    card = home.cards[0]
    shown = {"offline_note": placed(home.offline_note), "reason": placed(card.reason),
             "sync_bar": placed(home.sync_bar)}
    if card.main_button is not None:
        shown["main_button"] = placed(card.main_button)
    shoot(window, job, "offline")
    window.ctx.shutdown()
    return shown


def main(job_path: str) -> None:
    from app.qt import QApplication
    from app.ui.kit.style import apply_style

    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    app = QApplication([])
    apply_style(app)
    window = signed_in(job, job["server_url"])
    home = window.home_page
    screen = window.screen()
    results: dict[str, Any] = {
        "screen": screen.geometry().getRect(), "free": screen.availableGeometry().getRect(),
        "window": window.frameGeometry().getRect(), "trainees": {},
    }
    for name, me in job["me"].items():
        window.ctx.publish_me(me)
        card = home.cards[0]
        settle(lambda card=card: card.isVisible() and home.sync_bar.isVisible())
        laid_out()
        shown = {"reason": placed(card.reason), "sync_bar": placed(home.sync_bar)}
        if card.main_button is not None:
            shown["main_button"] = placed(card.main_button)
        results["trainees"][name] = shown
        if name in job.get("shoot", []):
            shoot(window, job, name)
    window.ctx.shutdown()  # closed, not logged out: the login and its offline sign-in stay
    window.close()
    if job.get("offline"):
        results["offline"] = offline_home(job)
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
