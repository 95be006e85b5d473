"""Reading the receipt's QR code off its rendered PDF page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2


def decode_qr(pdf_path: Path) -> str:
    """Render the page as a printer would and read the QR code off the image.

    OpenCV's classic detector sometimes locks onto the page's ruled table instead of the
    code (seen in CI); a phone's reader would try again, so this tries a few resolutions
    and OpenCV's second (ArUco-based) detector before giving up.
    """
    detectors = [cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()]
    for dpi in ("150", "200", "300"):
        stem = pdf_path.with_name(f"{pdf_path.stem}-{dpi}")
        subprocess.run(
            ["pdftoppm", "-r", dpi, "-png", "-singlefile", str(pdf_path), str(stem)],
            check=True,
            timeout=60,
        )
        image = cv2.imread(str(stem.with_suffix(".png")))
        assert image is not None
        for detector in detectors:
            text, points, _ = detector.detectAndDecode(image)
            if points is not None and text:
                return str(text)
    raise AssertionError("no QR code found on the rendered page")
