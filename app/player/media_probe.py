"""Why did a media source fail? Players say "error" and little else; ask the source.

libvlc's error event carries no reason and Qt Multimedia's strings differ between its
backends, so after a failure the player asks the server itself, with one small ranged
request and a short timeout (it runs on a worker thread): a 403 means the signed URL
expired (API.md, `bad_signature`), no answer means the network, a good answer means the
bytes themselves are bad, or the stream broke midway after playing.
"""

import logging
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from app.player.state import ErrorReason

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 5.0


def is_remote(source: str) -> bool:
    return urlparse(source).scheme in {"http", "https"}


def local_path(source: str) -> Path:
    parsed = urlparse(source)
    return Path(parsed.path) if parsed.scheme == "file" else Path(source)


def classify_failure(
    source: str, *, had_played: bool, timeout_s: float = PROBE_TIMEOUT_S
) -> ErrorReason:
    """The reason a failed source failed. Blocks up to `timeout_s`: run it off the GUI."""
    if not is_remote(source):
        return (
            ErrorReason.MEDIA_BROKEN if local_path(source).exists() else ErrorReason.MEDIA_MISSING
        )
    status = probe_status(source, timeout_s)
    log.info("media probe of a failed source: HTTP %s (had played: %s)", status, had_played)
    if status is None or status >= 500:
        return ErrorReason.NETWORK
    if status in (401, 403):
        return ErrorReason.MEDIA_FORBIDDEN
    if status in (404, 410):
        return ErrorReason.MEDIA_MISSING
    # The server answers well now: a stream that played and then broke lost its link
    # (the drop is over, or was on the way); one that never played is bad media.
    return ErrorReason.NETWORK if had_played else ErrorReason.MEDIA_BROKEN


def probe_status(url: str, timeout_s: float = PROBE_TIMEOUT_S) -> int | None:
    """The HTTP status of a one-byte ranged GET, or None when no answer came."""
    request = urllib.request.Request(url, headers={"Range": "bytes=0-0"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            response.read(1)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, ValueError) as exc:  # refused, reset, timed out, unreadable answer
        log.info("media probe got no answer: %s", exc)
        return None
