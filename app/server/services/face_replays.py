"""Crops sent again (FACE-3): a script that recorded one passed check's crops, a real
blink, sends them later as a new check, the same bytes or re-encoded, shifted, scaled.

Each crop of a passed check is kept as a 64-bit perceptual hash (pHash, OpenCV's
img_hash) of its face, cut out along the face mesh (outer eye corners and nose tip to
fixed points, 64 x 64 grey): a re-encoded, shifted or scaled copy of a crop gives nearly
the same hash, and the hash cannot be turned back into a picture. A new check of the
same trainee whose every crop is near one crop of one earlier check is a copy of it.

Measured on the shared clip (bench/measure_fingerprints.py): the same picture re-encoded
(JPEG quality 30-95), shifted (8-28 px) or scaled (0.8-1.25) sits 0-6 bits from it in 91
of 100 cases (median 3, at most 19); two different frames sit 7 bits apart or more in 99
pairs of 100 (median 26), but a still head's neighbouring frames come as close as 0. One
crop cannot tell a copy from a still person, so the rule asks for every crop of the
check (3 to 12, a blink's closed eyes and the open ones around them) to be near one of
an earlier check's. The tests' looped video, which repeats its frames exactly, trips it
in 2 pairs of checks in 100 made at random points of its loop; a live camera does not
repeat frames, but how close two checks of a very still person in steady light come was
not measured (the shared data holds one video).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import cv2
import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.proctor.arrays import Array
from app.proctor.liveness import LEFT_EYE_OUTER, NOSE_TIP, RIGHT_EYE_OUTER
from app.server.models import FaceFingerprint

FINGERPRINT_DAYS = 30  # as the evidence crops (FACE-7): a replay later than this passes
SAME_CROP_BITS = 6  # at most this many of the 64 bits differ: the same picture
MIN_MATCHED = 3  # API.md's fewest crops
_SIDE = 64
# Where the outer eye corners and the nose tip land: the face from brows to chin, little
# background (a tight crop and a head-and-shoulders crop of one frame hash alike).
_ANCHORS = np.array([[0.15, 0.3], [0.85, 0.3], [0.5, 0.62]], dtype=np.float32) * _SIDE
_HASHER = cv2.img_hash.PHash_create()  # type: ignore[attr-defined]  # not in the stubs


def fingerprint(region_bgr: Array, mesh: Array) -> int:
    """The face in `region_bgr` (its face mesh `mesh`, in its pixels) as 64 bits."""
    points = mesh[[RIGHT_EYE_OUTER, LEFT_EYE_OUTER, NOSE_TIP], :2].astype(np.float32)
    to_face = cv2.getAffineTransform(points, _ANCHORS)
    grey = cv2.cvtColor(region_bgr, cv2.COLOR_BGR2GRAY)
    face = cv2.warpAffine(
        grey, to_face, (_SIDE, _SIDE), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE
    )
    return int.from_bytes(bytes(_HASHER.compute(face).ravel()), "big")


def _bits(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def copies(crops: Sequence[int], earlier: Sequence[int]) -> bool:
    """Every crop (at least MIN_MATCHED) is within SAME_CROP_BITS of one earlier crop."""
    return len(crops) >= MIN_MATCHED and all(
        any(_bits(crop, old) <= SAME_CROP_BITS for old in earlier) for crop in crops
    )


def replayed(crops: Sequence[int], earlier_checks: Sequence[Sequence[int]]) -> bool:
    return any(copies(crops, earlier) for earlier in earlier_checks)


def _pack(hashes: Sequence[int]) -> bytes:
    return b"".join(h.to_bytes(8, "big") for h in hashes)


def _unpack(data: bytes) -> list[int]:
    return [int.from_bytes(data[i : i + 8], "big") for i in range(0, len(data) - 7, 8)]


def earlier_fingerprints(db: Session, trainee_id: int, now: dt.datetime) -> list[list[int]]:
    """The trainee's passed checks' crops still kept, one list per check."""
    since = now - dt.timedelta(days=FINGERPRINT_DAYS)
    rows = db.scalars(
        select(FaceFingerprint.hashes).where(
            FaceFingerprint.trainee_id == trainee_id, FaceFingerprint.created_at >= since
        )
    )
    return [_unpack(row) for row in rows]


def keep(
    db: Session, check_pk: str, trainee_id: int, hashes: Sequence[int], now: dt.datetime
) -> None:
    if hashes:
        db.add(
            FaceFingerprint(
                check_id=check_pk, trainee_id=trainee_id, hashes=_pack(hashes), created_at=now
            )
        )


def delete_of(db: Session, trainee_id: int) -> int:
    """Deletes the trainee's fingerprints in the caller's transaction; how many checks'."""
    gone = db.execute(delete(FaceFingerprint).where(FaceFingerprint.trainee_id == trainee_id))
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]


def purge_old(db: Session, now: dt.datetime) -> int:
    """Fingerprints past FINGERPRINT_DAYS (the daily retention job); how many."""
    cutoff = now - dt.timedelta(days=FINGERPRINT_DAYS)
    gone = db.execute(delete(FaceFingerprint).where(FaceFingerprint.created_at < cutoff))
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]
