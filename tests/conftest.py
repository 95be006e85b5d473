"""Shared test setup.

Qt wants a private runtime folder; the face tests read the shared photos by relative
path and skip, with that reason, when they are missing.
"""

import os
import tempfile
from pathlib import Path

import pytest

if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="cedu-xdg-")
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FACES = SHARED / "testdata" / "faces"


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    """The shared real face photos (../shared/testdata/faces)."""
    if not FACES.is_dir():
        pytest.skip(f"face test data missing: {FACES}")
    return FACES
