"""A virtual camera driver as the webcam is refused by name (FACE-3: a replayed video
must not pass a face check). The platform's name listing is the one seam replaced: this
machine has no webcam and Linux may list no names."""

from __future__ import annotations

import pytest

from app.proctor import camera
from app.proctor.camera import VirtualCameraError, open_camera


# RULES: FACE-3
@pytest.mark.parametrize("name", ["OBS Virtual Camera", "ManyCam Virtual Webcam", "e2eSoft VCam"])
def test_a_virtual_camera_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(camera, "list_camera_names", lambda: ["Integrated Webcam", name])
    with pytest.raises(VirtualCameraError) as refused:
        open_camera(1)
    assert refused.value.code == "virtual_camera"
    assert refused.value.name == name
    assert "虚拟摄像头" in refused.value.message and name in refused.value.message
    with pytest.raises(VirtualCameraError):
        open_camera("1", start=False)


def test_a_real_camera_name_is_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camera, "list_camera_names", lambda: ["Integrated Webcam", "OBS-Camera"])
    source = open_camera(0, start=False)  # not refused; no device here, so never started
    assert isinstance(source, camera.DeviceCamera) and source.index == 0


def test_without_names_nothing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camera, "list_camera_names", lambda: [])
    assert isinstance(open_camera(3, start=False), camera.DeviceCamera)
