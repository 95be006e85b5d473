"""A lesson's video downloaded for offline study: resumable, checked, removable.

The bytes go to `<dest>.part`; a later call resumes from its size with a `Range`
request, and only a `206` whose `Content-Range` starts exactly there is appended (a
`200` means the server sent the whole file again: start over). At the end the sha256
from the lesson list is checked: a wrong file is removed and reported, never kept, and
only a right one is renamed to `dest`. Free disk space is checked before the first
byte. An expired media URL (403 `bad_signature`) raises MediaLinkExpiredError so the
caller fetches fresh URLs from /enrollments/{id}/lessons.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from app.sync.errors import OFFLINE_MESSAGE, ApiError, OfflineError, error_for

log = logging.getLogger(__name__)
CHUNK_BYTES = 64 * 1024
# Keep this much free after the download: a full disk also stops the journal.
SPARE_BYTES = 50 * 1024 * 1024
TIMEOUT = (5.0, 30.0)
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")

ProgressCallback = Callable[[int, int], None]  # (bytes on disk, total bytes)
FreeSpace = Callable[[Path], int]  # free bytes on the disk holding the path


class DownloadError(ApiError):
    """A download that cannot complete here: disk space, checksum, server's answer."""


class NotEnoughSpaceError(DownloadError):
    pass


class ChecksumError(DownloadError):
    pass


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    total_bytes: int
    fetched_bytes: int  # bytes received by this call (less than total when resumed)
    resumed_from: int


def disk_free(path: Path) -> int:
    return shutil.disk_usage(path).free


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_download(dest: Path) -> None:
    """The video and any partial download of it."""
    for path in (dest, part_path(dest)):
        path.unlink(missing_ok=True)


def download_media(
    url: str,
    dest: Path,
    *,
    sha256: str,
    total_bytes: int,
    progress: ProgressCallback | None = None,
    free_space: FreeSpace = disk_free,
    http: requests.Session | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> DownloadResult:
    """Download (or finish downloading) `url` to `dest`, checked against `sha256`."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and sha256_of(dest) == sha256:
        return DownloadResult(dest, total_bytes, 0, total_bytes)
    part = part_path(dest)
    have = part.stat().st_size if part.exists() else 0
    if have > total_bytes:  # not the file we expect: start over
        part.unlink()
        have = 0
    needed = total_bytes - have + SPARE_BYTES
    free = free_space(dest.parent)
    if free < needed:
        raise NotEnoughSpaceError(
            "not_enough_space",
            f"磁盘空间不足：下载需要约 {needed // 2**20} MB，现有 {free // 2**20} MB。"
            "请清理磁盘后再试。",
            details={"needed_bytes": needed, "free_bytes": free},
        )
    owns_http = http is None
    session = http or requests.Session()
    try:
        fetched, resumed_from = _fetch(session, url, part, have, total_bytes, progress, chunk_bytes)
    finally:
        if owns_http:
            session.close()
    actual = sha256_of(part)
    if actual != sha256:
        part.unlink(missing_ok=True)
        log.warning("download of %s: sha256 %s, expected %s; removed", dest.name, actual, sha256)
        raise ChecksumError(
            "checksum_mismatch",
            "视频文件下载不完整或已损坏，已删除，请重新下载。",
            details={"expected": sha256, "actual": actual},
        )
    os.replace(part, dest)
    return DownloadResult(dest, total_bytes, fetched, resumed_from)


def _fetch(
    http: requests.Session,
    url: str,
    part: Path,
    have: int,
    total: int,
    progress: ProgressCallback | None,
    chunk_bytes: int,
) -> tuple[int, int]:
    """Append the missing bytes to `part`: (bytes fetched, offset resumed from)."""
    if have == total:
        return 0, have  # complete already; the checksum decides
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        response = http.get(url, headers=headers, stream=True, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise OfflineError("offline", OFFLINE_MESSAGE) from exc
    with response:
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            raise error_for(response.status_code, body)
        start = _resume_offset(response, have)
        fetched = 0
        with part.open("r+b" if start else "wb") as file:
            file.seek(start)
            file.truncate()
            done = start
            try:
                for chunk in response.iter_content(chunk_bytes):
                    file.write(chunk)
                    fetched += len(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            except requests.RequestException as exc:
                raise OfflineError("offline", OFFLINE_MESSAGE) from exc
            finally:
                file.flush()
                os.fsync(file.fileno())
    return fetched, start


def _resume_offset(response: requests.Response, have: int) -> int:
    """Where the answer's bytes belong: `have` for a matching 206, 0 for a whole file."""
    if response.status_code == 206:
        match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        if match is None or int(match.group(1)) != have:
            raise DownloadError(
                "bad_range",
                "服务器返回的视频片段不正确，请稍后重试。",
                details={"content_range": response.headers.get("Content-Range")},
            )
        return have
    if have:
        log.info("the server ignored Range; downloading the whole file again")
    return 0
