"""Offline copies of lesson videos from the real server's signed media URLs."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from app.sync.api import MediaLinkExpiredError
from app.sync.download import (
    ChecksumError,
    NotEnoughSpaceError,
    download_media,
    part_path,
    remove_download,
)
from app.sync.wire import Media
from tests.support.live_server import LiveServer
from tests.support.sync_server import ready_client


class CutOffError(Exception):
    """The connection 'dies' in the middle of the download."""


def first_media(server: LiveServer) -> Media:
    client = ready_client(server)
    return client.lessons(client.me()["enrollments"][0]["id"])[0]["media"]


def test_a_cut_download_resumes_with_a_range_request(server: LiveServer, tmp_path: Path) -> None:
    media = first_media(server)
    total = media["bytes"]
    dest = tmp_path / "videos" / "lesson-1.mp4"
    seen: list[int] = []

    def cut_after_a_third(done: int, of: int) -> None:
        seen.append(done)
        if done >= total // 3:
            raise CutOffError

    with pytest.raises(CutOffError):
        download_media(
            media["url"],
            dest,
            sha256=media["sha256"],
            total_bytes=total,
            progress=cut_after_a_third,
            chunk_bytes=4096,
        )
    kept = part_path(dest).stat().st_size
    assert 0 < kept < total and not dest.exists()

    result = download_media(media["url"], dest, sha256=media["sha256"], total_bytes=total)
    assert result.resumed_from == kept
    assert result.fetched_bytes == total - kept < total  # only the rest travelled
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == media["sha256"]
    assert not part_path(dest).exists()

    remove_download(dest)
    assert not dest.exists()


def test_a_wrong_checksum_is_reported_and_the_file_removed(
    server: LiveServer, tmp_path: Path
) -> None:
    media = first_media(server)
    dest = tmp_path / "lesson.mp4"
    with pytest.raises(ChecksumError) as wrong:
        download_media(media["url"], dest, sha256="0" * 64, total_bytes=media["bytes"])
    assert wrong.value.details["actual"] == media["sha256"]
    assert not dest.exists() and not part_path(dest).exists()


def test_not_enough_disk_space_is_refused_before_downloading(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a URL where nothing listens: no request may be made
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/media/1"
    dest = tmp_path / "lesson.mp4"
    with pytest.raises(NotEnoughSpaceError) as full:
        download_media(url, dest, sha256="0" * 64, total_bytes=10**6, free_space=lambda _: 10**6)
    assert full.value.code == "not_enough_space" and "磁盘空间不足" in full.value.message
    assert not part_path(dest).exists()


def test_an_expired_media_link_says_so(server: LiveServer, tmp_path: Path) -> None:
    media = first_media(server)
    server.clock.advance(days=2)
    with pytest.raises(MediaLinkExpiredError) as expired:
        download_media(media["url"], tmp_path / "l.mp4", sha256="0" * 64, total_bytes=1000)
    assert (expired.value.code, expired.value.status) == ("bad_signature", 403)
