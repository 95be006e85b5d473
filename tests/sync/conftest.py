"""The sync tests' fixture (the real server on loopback): tests/support/sync_server.py."""

from tests.support.sync_server import server  # noqa: F401  (fixture)
