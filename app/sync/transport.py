"""The HTTP under the API client (app.sync.api): one call, its timeout, its retries, and
the error family its answer maps to (app.sync.errors).

Every call has a timeout. Only idempotent calls are retried (with exponential backoff,
on OfflineError and ServerError): GETs, PUTs, and the writes that carry a client-made
id (face checks, progress, incidents), which the server applies once (SYNC-2). A login
or a submit is never repeated behind the caller's back.

One client may be shared by threads (the GUI's background operations and the sender):
each thread gets its own HTTP connection pool, because requests.Session is not
thread-safe; the token is shared.
"""

from __future__ import annotations

import logging
import platform
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import requests

from app.sync.errors import (
    OFFLINE_MESSAGE,
    SERVER_MESSAGE,
    OfflineError,
    ServerError,
    error_for,
)

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"
# (connect, read) seconds. Rural links are slow, but a dead one must not hang a screen.
DEFAULT_TIMEOUT = (5.0, 20.0)
T = TypeVar("T")


class HttpTransport:
    """Calls to the server's API.md paths with the login's token; the calls themselves
    are ApiClient's."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retries: int = 2,
        backoff_s: float = 0.5,
        device_name: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        """`session`: the one HTTP session for every call (tests pass a stand-in, calls
        then need no server); without one, each thread makes its own, as requests'
        sessions are not meant to be shared between threads."""
        self.base_url = base_url.rstrip("/")
        self.api_url = self.base_url + API_PREFIX
        self.timeout = timeout
        self.retries = retries
        self.backoff_s = backoff_s
        self.device_name = device_name or platform.node() or "desktop"
        self.token: str | None = None
        self.session_id: str | None = None
        # Signed in offline (issue 16): every call fails as offline without going out.
        # A call with no login the server knows would come back 401 once it is back,
        # racing the client's real login; the client asks with its own calls until then.
        self.held = False
        self._local = threading.local()
        self._session = session

    # ------------------------------------------------------------------ plumbing
    def _http(self) -> requests.Session:
        if self._session is not None:
            return self._session
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
        return session

    @contextmanager
    def acting_as(self, token: str | None) -> Iterator[None]:
        """Calls on this thread carry `token`, whatever the shared `token` becomes
        meanwhile (the sender's round belongs to the login it started under)."""
        self._local.token = token
        try:
            yield
        finally:
            del self._local.token

    def close(self) -> None:
        """Close this thread's connections (other threads' pools close with them)."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool | None = None,
        auth: bool = True,
        timeout: tuple[float, float] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """One call, answered 2xx, or the matching ApiError raised.

        `idempotent` defaults to True for GET, HEAD and PUT; set it for writes that carry
        a client-made id.
        """
        if self.held:
            raise OfflineError("offline", OFFLINE_MESSAGE)
        if idempotent is None:
            idempotent = method in ("GET", "HEAD", "PUT")
        headers: dict[str, str] = kwargs.pop("headers", {})
        token = getattr(self._local, "token", self.token)
        if auth and token:
            headers["Authorization"] = f"Bearer {token}"
        url = path if path.startswith("http") else self.api_url + path
        attempts = 1 + (self.retries if idempotent else 0)
        for attempt in range(attempts):
            try:
                return self._once(method, url, headers, timeout or self.timeout, kwargs)
            except (OfflineError, ServerError) as error:
                if attempt + 1 >= attempts:
                    raise
                delay = self.backoff_s * 2**attempt
                log.info("%s %s failed (%s); retry in %.1f s", method, path, error.code, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _once(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        timeout: tuple[float, float],
        kwargs: dict[str, Any],
    ) -> requests.Response:
        try:
            response = self._http().request(method, url, headers=headers, timeout=timeout, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise OfflineError("offline", OFFLINE_MESSAGE) from exc
        except requests.RequestException as exc:
            raise OfflineError("offline", OFFLINE_MESSAGE, details={"cause": str(exc)}) from exc
        if response.status_code < 400:
            return response
        try:
            body = response.json()
        except ValueError:
            body = None
        raise error_for(response.status_code, body)

    def _json(self, method: str, path: str, kind: Callable[[Any], T], **kwargs: Any) -> T:
        response = self.request(method, path, **kwargs)
        try:
            return kind(response.json())
        except ValueError as exc:
            raise ServerError("bad_answer", SERVER_MESSAGE, status=response.status_code) from exc
