"""The receipt's verification address and page (CERT-1, issue 16): the QR code carries
the server's public address (CEDU_PUBLIC_URL) whatever Host the request named, and the
check answers a Chinese HTML page to a browser, JSON to API clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.support.live_server import LiveServer, start_server
from tests.support.receipt_qr import decode_qr
from tests.support.server_exams import SUN, ready_enrollment

PUBLIC_URL = "https://jxjy.ynjs.example.cn/cedu"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def public_server(tmp_path: Path, media_dir: Path) -> Iterator[LiveServer]:
    live = start_server(tmp_path / "data", None, media_dir, public_url=PUBLIC_URL)
    yield live
    live.stop()


def test_the_qr_code_names_the_public_address_and_the_page_reads_in_a_browser(
    public_server: LiveServer, tmp_path: Path
) -> None:
    # RULES: CERT-1
    server = public_server
    token, enrollment_id = ready_enrollment(server, SUN)
    # A forged Host header (a phishing site) must not reach the paper.
    pdf = server.call(
        "GET", f"/enrollments/{enrollment_id}/receipt.pdf", token, headers={"Host": "evil.example"}
    )
    assert pdf.status_code == 200, pdf.text
    (tmp_path / "receipt.pdf").write_bytes(pdf.content)
    url = decode_qr(tmp_path / "receipt.pdf")
    assert url.startswith(f"{PUBLIC_URL}/api/v1/receipts/CE"), url
    # Our server stands for the public one here.
    here = server.url + url.removeprefix(PUBLIC_URL)

    page = requests.get(here, headers={"Accept": BROWSER_ACCEPT}, timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for fact in ("学时证明核验", "这份学时证明有效", "孙*", "安全员", "10 学时", "合格日期"):
        assert fact in page.text, fact
    assert "孙八" not in page.text  # the name stays masked, as in the JSON
    (tmp_path / "page.html").write_text(page.text, encoding="utf-8")

    as_json = requests.get(here, headers={"Accept": "application/json"}, timeout=30)
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.json()["valid"] is True and as_json.json()["name"] == "孙*"
    assert requests.get(here, timeout=30).json()["valid"] is True  # no preference: JSON

    # A wrong code: the page says so plainly, and the caller's text is escaped.
    serial = urlsplit(url).path.rsplit("/", 1)[1]
    wrong = requests.get(
        f"{server.api}/receipts/{serial}<script>?code=<b>x</b>",
        headers={"Accept": BROWSER_ACCEPT},
        timeout=30,
    )
    assert wrong.status_code == 200
    assert "未能核验这份学时证明" in wrong.text and "0871-68503755 转 5" in wrong.text
    assert "<script>" not in wrong.text and "<b>x" not in wrong.text
