"""The liveness gesture, judged by the server from a check's crops (FACE-3, API.md).

The crops are 3 to 12 stills taken across the gesture, in time order. Each is read with
the face mesh, with the client's own measures (app.proctor.liveness): eye openness in
the face's affine frame, nose parallax against a flat plane, the head's yaw from the
mesh's depth (the angle of the line between the outer eye corners in the x-z plane).
Measured on the shared photos, yaw holds on a photo warped as if turned (moves of 1-2
degrees at 25) and flips sign in a mirrored photo (10.8 and -10.6 for the enrolled one),
so a mirror image is refused as a copy (face_images.mirrored) rather than trusted here.

- A blink: a crop with both eyes closed between crops with both eyes open, with the
  client's thresholds: open against each eye's median over the check, closed against
  the open crops on either side; the blink's closed crops span at most the client's
  longest blink.
- A turn: from a crop facing the camera, the yaw moves at least TURN_DEGREES the asked
  way, and the nose tip stands out of the face's plane the same way (a flat picture's
  does not: app.proctor.liveness.nose_parallax).

Identity is judged only on crops with the eyes open and the face towards the camera: a
closed-eye or turned frame of the right man sits further from his photo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from app.proctor.arrays import Array
from app.proctor.detect import FaceEngine
from app.proctor.liveness import (
    BlinkDetector,
    eye_openness,
    nose_parallax,
    yaw_degrees,
)
from app.server.services.face_images import pad_for_detection
from app.server.services.face_replays import fingerprint

# The client's blink thresholds, so that what it saw as a blink the server sees too.
_BLINK = BlinkDetector()
CLOSED_RATIO = _BLINK.closed_ratio  # both eyes below this share of their median
MAX_EYE_DISAGREEMENT = _BLINK.max_eye_disagreement
MAX_CLOSED_S = _BLINK.max_closed_s
OPEN_RATIO = _BLINK.open_ratio  # both eyes, on average, this share of their median
TURN_DEGREES = 15.0  # API.md
# Nose parallax that goes with a real turn: 0.12-0.24 eye distances for turns of 13-27
# degrees between photos of one person in the shared data; 0.00-0.04 for a photo warped
# as if turned 25 degrees.
TURN_PARALLAX = 0.08
# Towards the camera: the shared live clip's frames within this yaw sit 0.36-0.57 from
# the enrolled photo, those turned further 0.52-0.59.
FRONTAL_DEGREES = 15.0
# The mesh reads each face framed alike: a square of this many face-box sides around it,
# FRAME_PX a side. Read as sent, the closed eyes of a tight crop read at 0.65-0.72 of
# their open width (closed is under 0.70); read inside a wide grey frame, one eye of a
# head-and-shoulders crop was thrown to a third of its width in open-eyed frames.
FRAME_SIDE = 2.0
FRAME_PX = 320


@dataclass(frozen=True)
class Pose:
    """What the face mesh reads in one crop."""

    mesh: Array
    openness: tuple[float, float]  # (right, left), app.proctor.liveness.eye_openness
    yaw: float  # degrees; positive is turned to the person's own left
    fingerprint: int  # the face's perceptual hash (face_replays): a crop sent again


def framed_face(engine: FaceEngine, image_bgr: Array) -> Array | None:
    """The one face, cut square at FRAME_SIDE x its box and scaled to FRAME_PX a side:
    the mesh then reads a tight crop and a head-and-shoulders crop of one frame alike.
    None when the detector finds no face or several."""
    framed = pad_for_detection(image_bgr)  # a tight crop's face needs a margin to be found
    faces = engine.detect(cv2.cvtColor(framed, cv2.COLOR_BGR2RGB), long_range=True)
    if len(faces) != 1:
        return None
    side = round(FRAME_SIDE * max(faces[0].width, faces[0].height))
    center_x, center_y = faces[0].center
    left, top = round(center_x - side / 2), round(center_y - side / 2)
    grey = (128, 128, 128)
    border = max(0, -left, -top, left + side - framed.shape[1], top + side - framed.shape[0])
    if border:
        framed = cv2.copyMakeBorder(
            framed, border, border, border, border, cv2.BORDER_CONSTANT, value=grey
        )
        left, top = left + border, top + border
    region = framed[top : top + side, left : left + side]
    return cv2.resize(
        region,
        (FRAME_PX, FRAME_PX),
        interpolation=cv2.INTER_AREA if side > FRAME_PX else cv2.INTER_CUBIC,
    )


def pose_of(engine: FaceEngine, image_bgr: Array) -> Pose | None:
    """The one face's pose, or None when there is no one face to read."""
    region = framed_face(engine, image_bgr)
    if region is None:
        return None
    meshes = engine.mesh(cv2.cvtColor(region, cv2.COLOR_BGR2RGB))
    if len(meshes) != 1:
        return None
    mesh = meshes[0]
    return Pose(mesh, eye_openness(mesh), yaw_degrees(mesh), fingerprint(region, mesh))


def _baseline(poses: Sequence[Pose]) -> tuple[float, float]:
    """Each eye's open baseline: its median openness over the check's crops, as the
    client's BlinkDetector takes it (most crops of a blink are open-eyed)."""
    return (
        float(np.median([p.openness[0] for p in poses])),
        float(np.median([p.openness[1] for p in poses])),
    )


def _ratios(pose: Pose, baseline: tuple[float, float]) -> tuple[float, float]:
    return pose.openness[0] / max(baseline[0], 1e-6), pose.openness[1] / max(baseline[1], 1e-6)


def eyes_open(pose: Pose, baseline: tuple[float, float]) -> bool:
    return sum(_ratios(pose, baseline)) / 2 >= OPEN_RATIO


def eyes_closed(pose: Pose, baseline: tuple[float, float]) -> bool:
    right, left = _ratios(pose, baseline)
    return max(right, left) < CLOSED_RATIO and abs(right - left) <= MAX_EYE_DISAGREEMENT


def frontal(pose: Pose) -> bool:
    return abs(pose.yaw) <= FRONTAL_DEGREES


def shows_blink(poses: Sequence[Pose], times: Sequence[float] | None) -> bool:
    """A crop with both eyes closed between crops with the eyes open: each eye under
    CLOSED_RATIO of how open it was both before and after (its widest open crop on each
    side: the eyes' width changes with the head's pose, less so between neighbours), the
    crops that are not open around it spanning at most a blink."""
    if len(poses) < 3:
        return False
    baseline = _baseline(poses)
    opened = [eyes_open(pose, baseline) for pose in poses]
    at = list(times) if times is not None else [0.0] * len(poses)
    for index, pose in enumerate(poses):
        before = [p.openness for p, o in zip(poses[:index], opened[:index], strict=True) if o]
        after = [
            p.openness for p, o in zip(poses[index + 1 :], opened[index + 1 :], strict=True) if o
        ]
        if opened[index] or not before or not after:
            continue
        around = (
            min(max(e[0] for e in before), max(e[0] for e in after)),
            min(max(e[1] for e in before), max(e[1] for e in after)),
        )
        if eyes_closed(pose, around) and _closed_span(opened, at, index) <= MAX_CLOSED_S:
            return True
    return False


def _closed_span(opened: list[bool], at: list[float], index: int) -> float:
    """Seconds from the first to the last crop not open in the run around `index`."""
    first = last = index
    while first > 0 and not opened[first - 1]:
        first -= 1
    while last < len(opened) - 1 and not opened[last + 1]:
        last += 1
    return at[last] - at[first]


def shows_turn(poses: Sequence[Pose], side: str) -> bool:
    """From a crop facing the camera, the head turned at least TURN_DEGREES to `side`
    (the person's own "left" or "right"), its nose standing out of the face's plane."""
    way = 1.0 if side == "left" else -1.0
    for start_index, start in enumerate(poses):
        if not frontal(start):
            continue
        for later in poses[start_index + 1 :]:
            turned = way * (later.yaw - start.yaw) >= TURN_DEGREES
            if turned and way * nose_parallax(later.mesh, start.mesh)[0] >= TURN_PARALLAX:
                return True
    return False


def shows_gesture(gesture: str, poses: Sequence[Pose], times: Sequence[float] | None) -> bool:
    if gesture == "blink":
        return shows_blink(poses, times)
    if gesture in ("turn_left", "turn_right"):
        return shows_turn(poses, gesture.removeprefix("turn_"))
    return False  # "turn" of older clients names no side: nothing to judge it against


def identity_crops(poses: Sequence[Pose | None]) -> list[int]:
    """Indexes of the crops fit to judge identity on: eyes open, facing the camera."""
    found = [pose for pose in poses if pose is not None]
    if not found:
        return []
    baseline = _baseline(found)
    return [
        index
        for index, pose in enumerate(poses)
        if pose is not None and eyes_open(pose, baseline) and frontal(pose)
    ]
