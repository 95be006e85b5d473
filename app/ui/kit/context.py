"""What every screen shares: the options, the API client, credentials, the journal and
its sender, the signed-in trainee, and the one camera. Views take it in their
constructor and subscribe to its signals (DESIGN.md, after napari).

Threads: the sender calls `on_status` on its own thread; `signals.sync_status` is
emitted there and reaches widgets queued (connect bound methods of QObjects, never
lambdas, so Qt knows the receiver's thread).
"""

from __future__ import annotations

import logging
import shutil
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.core.beijing import beijing_date
from app.qt import QObject, Signal
from app.ui.kit.options import ClientOptions

if TYPE_CHECKING:
    from app.sync import wire
    from app.sync.api import ApiClient
    from app.sync.credentials import Credentials
    from app.sync.journal import Journal
    from app.sync.offline_login import OfflineLogins, OfflineProfile
    from app.sync.outbox import Outbox, OutboxStatus
    from app.sync.sender import Sender
    from app.ui.kit.camera import CameraWorker
    from app.ui.kit.voice import Voice

log = logging.getLogger(__name__)
VOICE_SETTING = "voice_prompts"


@dataclass(frozen=True)
class Reconnected:
    """A real login after an offline sign-in: /me, the token, and the new login's
    session_id (None when the kept token still worked)."""

    me: wire.Me
    token: str
    session_id: str | None


class AppSignals(QObject):
    # The session ended under us (401): the message to show on the login screen.
    session_lost = Signal(str)
    # A fresh GET /me arrived (wire.Me).
    me_changed = Signal(object)
    # The outbox's state changed (OutboxStatus); emitted on the sender's or the writer's
    # thread.
    sync_status = Signal(object)
    # The trainee logged out (or kiosk idle logout): windows close, data is wiped.
    logged_out = Signal()


class AppContext:
    def __init__(self, options: ClientOptions, server_url: str | None = None) -> None:
        self.options = options
        self._server_url = server_url or "http://127.0.0.1:1"
        self.signals = AppSignals()
        self.me: wire.Me | None = None
        self.id_number: str | None = None
        self.session_id: str | None = None
        self._camera: CameraWorker | None = None
        self._voice: Voice | None = None
        # Offline sign-in (issue 16): when this session began without the server (None
        # online), and the password typed for it, held in memory only until the client
        # has logged in for real (a fresh login when the kept token no longer works).
        self.offline_since: datetime | None = None
        self.offline_data_at: datetime | None = None  # when the /me shown offline was read
        self._password: str | None = None

    # The API client, credentials and journal are made on first use (`warm_up` right after
    # the login window shows): requests, keyring and SQLite cost start-up time otherwise.
    @cached_property
    def api(self) -> ApiClient:
        from app.sync.api import ApiClient

        return ApiClient(self._server_url)

    @cached_property
    def credentials(self) -> Credentials:
        from app.sync.credentials import Credentials

        # The remembered ID number lives with the client's data (one folder per install,
        # and tests stay out of the real user's folders).
        return Credentials(kiosk=self.options.kiosk, config_dir=self.options.data_dir)

    @cached_property
    def journal(self) -> Journal:
        from app.sync.journal import Journal

        return Journal(self.options.journal_path)

    @cached_property
    def outbox(self) -> Outbox:
        """Where everything that must reach the server is recorded (app.sync.outbox)."""
        from app.sync.outbox import Outbox

        return Outbox(self.journal, self.api, on_status=self._forward_status)

    @property
    def sender(self) -> Sender | None:
        """The outbox's sender, once a trainee logged in."""
        return self.outbox.sender if "outbox" in self.__dict__ else None

    @sender.setter
    def sender(self, sender: Sender | None) -> None:  # tests stop it to look at the journal
        self.outbox.sender = sender

    @cached_property
    def offline_logins(self) -> OfflineLogins:
        """The offline sign-ins kept on this PC (none in kiosk mode: made there, it
        deletes any it finds)."""
        from app.sync.offline_login import OfflineLogins

        return OfflineLogins(self.options.data_dir, kiosk=self.options.kiosk)

    def warm_up(self) -> None:
        """Make the parts every trainee needs, once the first window is on screen."""
        _ = self.api, self.credentials, self.journal, self.offline_logins

    # ------------------------------------------------------------------ server
    def set_server(self, url: str) -> None:
        self._server_url = url.rstrip("/")
        if "api" in self.__dict__:  # already made: point it at the new server
            self.api.base_url = self._server_url
            self.api.api_url = self._server_url + "/api/v1"

    @property
    def server_url(self) -> str:
        return self._server_url.rstrip("/")

    # ------------------------------------------------------------------ session
    def begin_session(self, result: wire.LoginResult, password: str | None = None) -> None:
        """After a login (the API client already holds the token). `password`: what was
        typed, for the offline sign-in's verifier, written with the next /me (never in
        kiosk mode; not for a forced change's initial password, which /me refuses)."""
        self.id_number = result["trainee"]["id_number"]
        self.session_id = result["session_id"]
        self.offline_since = None
        self._password = None if self.options.kiosk else password
        self.credentials.save_token(self.id_number, result["token"])
        if not self.options.kiosk:
            self.credentials.remember_id_number(self.id_number)
        self.outbox.begin(self.id_number, self.session_id)

    def password_changed(self, password: str) -> None:
        """The new password replaces the verifier, with the next /me."""
        self._password = None if self.options.kiosk else password

    def begin_offline(self, profile: OfflineProfile, password: str) -> None:
        """An offline sign-in: the last /me, journaling under the last login (SYNC-3).
        The API client is held (nothing goes out) until `back_online`."""
        self.id_number = profile.id_number
        self.session_id = profile.session_id
        self.offline_since = datetime.now(UTC)
        self.offline_data_at = profile.saved_at
        self._password = password
        self.api.token = None
        self.api.held = True
        self.outbox.hold(profile.id_number, profile.session_id)
        self.me = profile.me

    def reconnect(self) -> Reconnected:
        """Offline: log in for real (blocking), on a client of its own. The kept token
        if the server still takes it, else a fresh login with the password typed
        offline. Raises OfflineError while the server is away, any other ApiError when
        it refuses us."""
        from app.sync.api import ApiClient
        from app.sync.errors import ApiError, AuthError

        id_number, password = self.id_number, self._password
        assert id_number is not None and self.offline_since is not None
        client = ApiClient(self.server_url)
        try:
            client.token = self.credentials.token(id_number)
            if client.token:
                try:
                    return Reconnected(client.me(), client.token, None)
                except AuthError as exc:
                    log.info("the kept token is no longer good (%s): logging in", exc.code)
            if password is None:
                raise RuntimeError("no password for a fresh login")
            try:
                result = client.login(id_number, password, agree=True)
            except ApiError as exc:  # 401 bad_credentials: an AuthError
                if exc.code == "bad_credentials":  # changed or reset elsewhere since
                    self.offline_logins.forget(id_number)
                raise
            return Reconnected(client.me(), result["token"], result["session_id"])
        finally:
            client.close()

    def back_online(self, answer: Reconnected) -> None:
        """On the GUI thread, after `reconnect`: the journal goes, the home is online."""
        assert self.id_number is not None
        self.offline_since = None
        self._password = None
        self.api.token = answer.token
        self.api.held = False
        if answer.session_id is not None:  # a fresh login: it replaced the offline one
            self.session_id = answer.session_id
        self.credentials.save_token(self.id_number, answer.token)
        self.outbox.begin(self.id_number, self.session_id)
        if self.session_id:
            self.offline_logins.update(self.id_number, answer.me, self.session_id)
        self.publish_me(answer.me)

    def _forward_status(self, status: OutboxStatus) -> None:
        """On the sender's thread: the status to the views, and a session the server
        ended (ACC-4, expired) to the main window, which returns to login with the reason
        even while a lesson plays and nothing else talks to the server."""
        self.signals.sync_status.emit(status)
        from app.sync.errors import AuthError, PasswordChangeRequiredError
        from app.sync.sender import SenderState

        error = status.last_error
        if (
            status.state is SenderState.HALTED
            and isinstance(error, AuthError)
            and not isinstance(error, PasswordChangeRequiredError)
            and self.id_number is not None
        ):
            from app.ui.kit.errors import describe

            self.signals.session_lost.emit(describe(error).message)

    def refresh_me(self) -> wire.Me:
        """GET /me (blocking: call it through ops.run_in_background). Offline, the last
        one. Online, it is what an offline sign-in will show, with the verifier of a
        password just typed (Argon2id: this thread, not the GUI's)."""
        if self.offline_since is not None and self.me is not None:
            return self.me
        me = self.api.me()
        self.me = me
        password, id_number = self._password, self.id_number
        if id_number is not None and self.session_id and not self.options.kiosk:
            self._password = None
            try:
                if password is not None:
                    self.offline_logins.remember(id_number, password, self.session_id, me)
                else:
                    self.offline_logins.update(id_number, me, self.session_id)
            except OSError as exc:  # a full or read-only disk costs the offline sign-in only
                log.warning("offline sign-in not kept: %s", exc)
        return me

    def publish_me(self, me: wire.Me) -> None:
        """On the GUI thread: tell every view about a fresh /me."""
        self.me = me
        self.signals.me_changed.emit(me)

    def supervision(self) -> wire.Supervision | None:
        """FACE-8: this login is a clerk's live supervised session (GET /me): it, not a face
        check or the camera, vouches for the trainee in lessons and the exam."""
        study = self.me.get("supervised_study") if self.me else None
        session = study["session"] if study else None
        return session if session is not None and session["active"] else None

    def enrollment(self, enrollment_id: int) -> wire.Enrollment | None:
        enrollments = self.me["enrollments"] if self.me is not None else []
        return next((e for e in enrollments if e["id"] == enrollment_id), None)

    def end_session(self, *, tell_server: bool = True) -> None:
        """Logout: forget the token; in kiosk mode keep nothing of the trainee."""
        if self._camera is not None:
            self._camera.shutdown()
            self._camera = None
        if "outbox" in self.__dict__:
            self.outbox.wake()
        if self.offline_since is not None:
            # Offline the server's login goes on: what was studied is credited when the
            # next login sends it (SYNC-3), and the offline sign-in stays.
            tell_server = False
        elif self.id_number and not self.options.kiosk:
            # The login this PC's offline sign-in journals under ends (or was replaced):
            # nothing studied under it after this could be credited.
            self.offline_logins.forget(self.id_number)
        self.offline_since = None
        self._password = None
        self.api.held = False
        if tell_server and self.api.token:
            # On its own thread: a dead rural link must not freeze the window for the
            # request's timeouts; locally the trainee is logged out at once.
            threading.Thread(
                target=_tell_server_logout, args=(self.server_url, self.api.token),
                name="logout", daemon=True,
            ).start()
        self.api.token = None
        if self.id_number:
            self.credentials.forget_token(self.id_number)
        if self.options.kiosk:
            self.wipe_trainee_files()
            if self._voice is not None:  # a trainee's switch ends with their session
                self._voice.enabled = self.options.voice_prompts
        self.me = None
        self.id_number = None
        self.session_id = None
        self.signals.logged_out.emit()

    def wipe_trainee_files(self) -> None:
        """Kiosk: downloads and cached photos go. Unsent journal entries stay (SYNC-1):
        losing credited study would hurt the trainee more; they leave at their next login."""
        for folder in (self.options.downloads_dir, self.options.data_dir / "photos"):
            shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------ voice
    def voice(self) -> Voice:
        """The spoken prompts (kit/voice.py), made on first use: on unless the command
        line turned them off or the trainee did, on the home page (kept on this PC)."""
        if self._voice is None:
            from app.ui.kit.voice import Voice

            chosen = self.credentials.setting(VOICE_SETTING) is not False
            self._voice = Voice(self.options.voice_prompts and chosen)
        return self._voice

    def set_voice(self, on: bool) -> None:
        """The trainee's switch (not kept in kiosk mode: the next trainee starts afresh)."""
        self.voice().enabled = on and self.options.voice_prompts
        self.credentials.save_setting(VOICE_SETTING, on)

    # ------------------------------------------------------------------ camera
    def camera(self) -> CameraWorker:
        """The one camera worker, started on first use, stopped at logout."""
        if self._camera is None:
            from app.ui.kit.camera import CameraWorker

            self._camera = CameraWorker(self)
        return self._camera

    def shutdown(self) -> None:
        if self._camera is not None:
            self._camera.shutdown()
            self._camera = None
        if "outbox" in self.__dict__:
            self.outbox.stop(timeout=5)
        if "journal" in self.__dict__:  # made at all
            self.journal.close()

    def __repr__(self) -> str:
        return f"AppContext(server={self.server_url!r}, trainee={self.id_number!r})"


def _tell_server_logout(server_url: str, token: str) -> None:
    from app.sync.api import ApiClient

    client = ApiClient(server_url, timeout=(3.0, 5.0), retries=0)
    client.token = token
    try:
        client.logout()
    except Exception as exc:  # offline: the logout still holds locally
        log.info("logout not confirmed by the server: %s", exc)
    finally:
        client.close()


def enrollment_title(enrollment: wire.Enrollment | dict[str, Any]) -> str:
    """施工员（SGY）: the trade's name, then its code."""
    from app.ui.kit.i18n import translate

    trade = enrollment["trade"]
    title = translate("HomeCard", "%1（%2）").replace("%1", trade["name"])
    return title.replace("%2", trade["code"])


def days_left(closes_on: str | None, today: date) -> int | None:
    """Whole days from `today` until an enrollment's study window closes (None: no end)."""
    if not closes_on:
        return None
    return (beijing_date(closes_on) - today).days
