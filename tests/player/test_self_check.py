"""The video part of the device self-check plays a video for real."""

import pytest

from app.player.self_check import check_playback
from tests.support.player_media import VLC_TEST_ARGS

pytestmark = [pytest.mark.display, pytest.mark.timeout(60)]


@pytest.mark.parametrize("kind", ["vlc", "qt"])
def test_a_good_video_plays(qtbot, clock_video, kind):
    result = check_playback(clock_video, vlc_args=VLC_TEST_ARGS, prefer=kind)
    assert result == {"backend": kind, "played": True, "reason": None}


def test_a_broken_video_does_not(qtbot, media_dir):
    result = check_playback(media_dir / "broken.mp4", vlc_args=VLC_TEST_ARGS)
    assert result == {"backend": "vlc", "played": False, "reason": "media_broken"}
