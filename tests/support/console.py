"""One server for the console tests (a reviewer and a clerk besides `admin`), one
headless Chromium (Debian's, driven by playwright) for the browser tests."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.live_server import ADMIN_PASSWORD, STAFF_PASSWORD, LiveServer, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def console_server(
    tmp_path_factory: pytest.TempPathFactory, media_dir: Path
) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("console") / "data", None, media_dir)
    server.add_staff("shen", "reviewer")
    server.add_staff("kiosk1", "clerk")
    yield server
    server.stop()


PASSWORDS = {"admin": ADMIN_PASSWORD, "shen": STAFF_PASSWORD, "kiosk1": STAFF_PASSWORD}


def signed_in(server: LiveServer, username: str) -> requests.Session:
    """A browser-like session through the sign-in form (its CSRF cookie and field)."""
    http = requests.Session()
    form = http.get(server.url + "/console/login", timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    answer = http.post(
        server.url + "/console/login",
        data={"username": username, "password": PASSWORDS[username], "csrf": token.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.text
    return http


def page_csrf(http: requests.Session, url: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', http.get(url, timeout=30).text)
    assert found is not None, url
    return found.group(1)


@pytest.fixture(scope="session")
def shots() -> Path:
    folder = Path(os.environ.get("CEDU_SHOTS_DIR", "/tmp/cedu-shots")) / "console"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/setup installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def screenshot(browser: Any, server: LiveServer, username: str, path: str, file: Path) -> None:
    """A console page as `username` sees it, whole, in Chromium with JavaScript off."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(server.url + "/console/login?next=" + path)
        page.fill("#username", username)
        page.fill("#password", PASSWORDS[username])
        page.click("button:has-text('登录')")
        assert page.url == server.url + path, page.url
        page.screenshot(path=str(file), full_page=True)
    finally:
        context.close()
