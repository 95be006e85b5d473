"""The face engine tests' fixtures (models, photos, video frames): tests/support/face_engine.py."""

from tests.support.face_engine import (  # noqa: F401  (fixtures)
    embedder,
    engine,
    lin_enrolled,
    live_frames,
    obama_enrolled,
    whitened_lin_jpeg,
)
