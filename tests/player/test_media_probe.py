"""Classifying a failed source by asking the server (no display needed)."""

import socket
from pathlib import Path

from app.player.media_probe import classify_failure, probe_status
from app.player.state import ErrorReason


def test_an_expired_signed_url_is_media_forbidden(media_server):
    url = media_server.url("forbidden", "clock.mp4")
    assert probe_status(url) == 403
    assert classify_failure(url, had_played=False) == ErrorReason.MEDIA_FORBIDDEN
    assert classify_failure(url, had_played=True) == ErrorReason.MEDIA_FORBIDDEN


def test_no_server_is_the_network(media_dir):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"http://127.0.0.1:{port}/ok/clock.mp4"  # nothing listens there any more
    assert probe_status(url, timeout_s=2) is None
    assert classify_failure(url, had_played=True, timeout_s=2) == ErrorReason.NETWORK


def test_a_good_answer_means_broken_bytes_or_a_link_that_broke_midway(media_server):
    url = media_server.url("ok", "broken.mp4")
    assert probe_status(url) == 206  # ranged, as the media URLs must be
    assert classify_failure(url, had_played=False) == ErrorReason.MEDIA_BROKEN
    assert classify_failure(url, had_played=True) == ErrorReason.NETWORK


def test_a_missing_file_on_the_server(media_server):
    url = media_server.url("ok", "not-there.mp4")
    assert classify_failure(url, had_played=False) == ErrorReason.MEDIA_MISSING


def test_local_files(media_dir: Path):
    assert classify_failure(str(media_dir / "broken.mp4"), had_played=False) == (
        ErrorReason.MEDIA_BROKEN
    )
    assert classify_failure(str(media_dir / "gone.mp4"), had_played=False) == (
        ErrorReason.MEDIA_MISSING
    )
    assert classify_failure((media_dir / "broken.mp4").as_uri(), had_played=False) == (
        ErrorReason.MEDIA_BROKEN
    )
