"""The console tests' fixtures (one server, headless Chromium): tests/support/console.py."""

from tests.support.console import (  # noqa: F401  (fixtures)
    chromium,
    console_server,
    shots,
)
