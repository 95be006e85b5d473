"""The player tests' fixtures (videos, a media server): tests/support/player_media.py."""

from tests.support.player_media import (  # noqa: F401  (fixtures)
    clock_video,
    media_dir,
    media_server,
)
