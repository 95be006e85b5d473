"""The face engine tests' fixtures (models, photos, video frames): tests/support/face_engine.py;
fake forbidden programs: fake_programs.py."""

from tests.support.face_engine import (  # noqa: F401  (fixtures)
    embedder,
    engine,
    lin_enrolled,
    live_frames,
    looped_frames,
    obama_enrolled,
    whitened_lin_jpeg,
    whole_clip,
)
from tests.support.fake_programs import fake_program  # noqa: F401  (fixture)
