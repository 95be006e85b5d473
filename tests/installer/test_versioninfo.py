"""The version has one source (pyproject.toml): the installed metadata (`cedu --version`,
the About box, the self-check) and the Windows version resource both come from it."""

from __future__ import annotations

import ast
import importlib.util
import tomllib
from pathlib import Path
from typing import Any

import app as cedu

REPO = Path(__file__).resolve().parents[2]


def load_versioninfo() -> Any:
    path = REPO / "installer" / "versioninfo.py"
    spec = importlib.util.spec_from_file_location("versioninfo", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_version_everywhere() -> None:
    versioninfo = load_versioninfo()
    with (REPO / "pyproject.toml").open("rb") as file:
        declared = tomllib.load(file)["project"]["version"]
    assert versioninfo.project_version() == declared
    assert cedu.__version__ == declared


def test_windows_version_resource() -> None:
    versioninfo = load_versioninfo()
    assert versioninfo.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert versioninfo.version_tuple("1.2.3rc1+local") == (1, 2, 3, 0)
    text = versioninfo.version_file_text("1.2.3")
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as one Python expression
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    assert "StringStruct('CompanyName', 'cedu team')" in text
