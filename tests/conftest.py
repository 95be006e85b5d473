"""Shared test setup.

Qt wants a private runtime folder; the face tests read the shared photos by relative
path and skip, with that reason, when they are missing.
"""

import os
import tempfile
from pathlib import Path

import pytest

# The shared helpers' asserts explain themselves as a test module's do (before any of
# tests.support is imported: every other conftest imports from it).
pytest.register_assert_rewrite("tests.support")

if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="cedu-xdg-")
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)

# The shared face video, every test's webcam, has a blink and no head turn: the
# liveness gesture a check asks for is a blink, whether the client picks it (offline, an
# older server) or the server does (CEDU_FACE_GESTURES is the setting of both). Tests of
# the turns set their own.
os.environ.setdefault("CEDU_FACE_GESTURES", "blink")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FACES = SHARED / "testdata" / "faces"

# One PostgreSQL cluster per pytest process, whichever folders' tests ask for it (defined
# in each folder's conftest, there were four, each started and stopped on its own), and
# the database URL per backend that tests and servers are parametrised with.
from tests.support.fault_fixtures import database_url, pg_cluster  # noqa: E402, F401 (fixtures)


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    """The shared real face photos (../shared/testdata/faces)."""
    if not FACES.is_dir():
        pytest.skip(f"face test data missing: {FACES}")
    return FACES


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo videos, made once per test run and shared by every server of it."""
    from tests.support.live_server import shared_media_dir

    return shared_media_dir(tmp_path_factory.getbasetemp())


@pytest.fixture(autouse=True)
def _server_clock_offset_reset() -> object:
    """A client login measures the server's clock offset (app.core.clock), which is
    process-wide: one test's server clock moved ahead must not leak into the next."""
    from app.core import clock

    yield
    clock.set_server_offset(0.0)
