"""Webcam names from Qt Multimedia, in device order, on every platform.

The proctor refuses a virtual camera driver by its name (FACE-3); it used to ask ffmpeg
for DirectShow names on Windows, and trainees' PCs have no ffmpeg, so nothing was ever
refused there. `QMediaDevices.videoInputs()` lists the same devices through Media
Foundation (Windows), AVFoundation or V4L2, with the names trainees see in Windows'
device list (「OBS Virtual Camera」, 「e2eSoft VCam」...).

Call on the GUI thread: Qt's device enumeration belongs to it (Windows: a hidden
window for device-change notices). The camera thread gets the list made before it starts.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def qt_camera_names() -> list[str]:
    from app.qt import QMediaDevices

    try:
        return [device.description() for device in QMediaDevices.videoInputs()]
    except Exception:  # a broken multimedia plugin must not stop the face check
        log.warning("Qt could not list the cameras", exc_info=True)
        return []
