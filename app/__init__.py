"""cedu: continuing-education client and reference server.

The version has one source, ``pyproject.toml``; the installed metadata carries it.
"""

from importlib import metadata

try:
    __version__ = metadata.version("cedu")
except metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
