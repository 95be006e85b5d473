"""How far apart the server's crop fingerprints (app/server/services/face_replays.py) sit
for the same picture sent again and for different frames of the shared face video: the
figures behind SAME_CROP_BITS and the every-crop rule.

    .venv/bin/python bench/measure_fingerprints.py

- distinct: every pair of different pictures among the clip's one-face frames (the
  clip's pulldown duplicates, the same picture twice in the file, left out);
- same picture: each 5th frame re-encoded (JPEG quality 30-95), shifted (8-28 px),
  scaled (0.8-1.25), as a script would disguise a recorded crop;
- looping camera: pairs of checks as the client makes them from frames 82-210 looped
  (4 eyes-open crops before the blink, the blink's closed frame, 6 after, candidates
  every 0.25 s at a random phase): how often every crop of one is near the other's.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
VIDEO = REPO.parent / "shared" / "testdata" / "faces" / "_video" / "short_hamilton_clip.mp4"


def main() -> None:
    from app.proctor.check import face_crop
    from app.proctor.detect import FaceEngine
    from app.proctor.imagefile import decode_image
    from app.server.services.face_gestures import pose_of
    from app.server.services.face_replays import SAME_CROP_BITS, copies

    engine = FaceEngine()
    capture = cv2.VideoCapture(str(VIDEO))
    frames = []
    while (read := capture.read())[0]:
        frames.append(read[1])
    crops, hashes = {}, {}
    for index, frame in enumerate(frames):
        faces = engine.detect(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        if len(faces) != 1:
            continue
        image = decode_image(face_crop(frame, faces[0])).image
        pose = pose_of(engine, image) if image is not None else None
        if pose is not None:
            crops[index], hashes[index] = image, pose.fingerprint
    found = sorted(hashes)

    def bits(a: int, b: int) -> int:
        return (a ^ b).bit_count()

    def grey_diff(a: int, b: int) -> float:
        one, two = (cv2.cvtColor(frames[n], cv2.COLOR_BGR2GRAY).astype(float) for n in (a, b))
        return float(np.mean(np.abs(one - two)))

    pairs = [
        (a, b)
        for a, b in itertools.combinations(found, 2)
        if not (b - a <= 3 and grey_diff(a, b) < 1.0)  # the file's duplicated frames
    ]
    distinct = [bits(hashes[a], hashes[b]) for a, b in pairs]
    same: list[int] = []
    for index in found[::5]:
        image = crops[index]
        height, width = image.shape[:2]
        variants = [
            cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, q])[1], 1)
            for q in (30, 50, 70, 95)
        ]
        for dx, dy in ((8, 0), (0, 8), (-12, 6), (20, -20)):
            shift = np.float32([[1, 0, dx], [0, 1, dy]])
            variants.append(
                cv2.warpAffine(image, shift, (width, height), borderMode=cv2.BORDER_REPLICATE)
            )
        variants += [cv2.resize(image, None, fx=s, fy=s) for s in (0.8, 0.9, 1.1, 1.25)]
        for variant in variants:
            pose = pose_of(engine, variant)
            if pose is not None:
                same.append(bits(hashes[index], pose.fingerprint))
    print(f"one-face frames fingerprinted: {len(found)} of {len(frames)}")
    for name, values in (("distinct pictures", distinct), ("same picture", same)):
        share = np.mean([v <= SAME_CROP_BITS for v in values])
        print(
            f"{name}: {len(values)} pairs, bits min {min(values)}, p1 "
            f"{np.percentile(values, 1):.0f}, p10 {np.percentile(values, 10):.0f}, median "
            f"{np.median(values):.0f}, p90 {np.percentile(values, 90):.0f}, max {max(values)}; "
            f"within {SAME_CROP_BITS} bits: {share:.1%}"
        )

    rng = random.Random(1)

    def nearest(frame: float) -> int:
        return min(found, key=lambda n: abs(n - round(frame)))

    def looped_check() -> list[int]:
        before, after = rng.uniform(0, 7.5), rng.uniform(0, 7.5)
        numbers = [nearest(210 - before - 7.5 * k) for k in range(4)][::-1]
        numbers += [nearest(83)] + [nearest(86 + after + 7.5 * k) for k in range(6)]
        return [hashes[n] for n in numbers]

    trials = 1000
    tripped = sum(copies(looped_check(), looped_check()) for _ in range(trials))
    print(f"looping camera: {tripped} of {trials} pairs of checks refused as copies")


if __name__ == "__main__":
    main()
