"""cedu: continuing-education client and reference server.

The version has one source, ``pyproject.toml``; the installed metadata carries it. It is
read on first use of ``app.__version__`` (PEP 562): importlib.metadata and the email
parser it needs cost ~15 ms that the client's login window need not wait for.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'app' has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("cedu")
    except metadata.PackageNotFoundError:  # a source tree that was not installed
        version = "0.0.0+unknown"
    globals()["__version__"] = version
    return version
