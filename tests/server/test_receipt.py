"""The study-hours receipt (CERT-1): refused before a pass; for 孙八 (passed 10 days ago
with 86) a PDF whose text states the facts and whose QR code verifies; on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from pypdf import PdfReader

from app.server.context import CHINA_TZ
from tests.support.live_server import LiveServer
from tests.support.receipt_qr import (
    decode_qr,
)
from tests.support.server_exams import SUN, WANG, answer_right, ready_enrollment, start_attempt
from tests.support.server_exams import stored_paper as paper_of

SUN_MASKED_ID = "530102********0061"


def test_no_receipt_before_a_pass(server: LiveServer) -> None:
    # RULES: CERT-1
    token, enrollment_id = ready_enrollment(server, WANG)
    refused = server.call("GET", f"/enrollments/{enrollment_id}/receipt.pdf", token)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "not_passed"
    # A failed attempt is still no pass.
    attempt = start_attempt(server, token, enrollment_id)
    answer_right(server, token, attempt["id"], paper_of(server, attempt["id"])[:10])
    assert server.call("POST", f"/attempts/{attempt['id']}/submit", token).json()["score"] < 60
    again = server.call("GET", f"/enrollments/{enrollment_id}/receipt.pdf", token)
    assert again.status_code == 409
    # Someone else's enrollment is not found, passed or not.
    other = server.ready_trainee(SUN)
    assert server.call("GET", f"/enrollments/{enrollment_id}/receipt.pdf", other).status_code == 404


def test_the_receipt_states_the_facts_and_its_qr_code_verifies(
    server: LiveServer, tmp_path: Path
) -> None:
    # RULES: CERT-1
    token, enrollment_id = ready_enrollment(server, SUN)
    exam = server.call("GET", "/me", token).json()["enrollments"][0]
    # The first prints arrive together: they must agree on one serial (made once).
    with ThreadPoolExecutor(6) as pool:
        prints = list(
            pool.map(
                lambda _: server.call("GET", f"/enrollments/{enrollment_id}/receipt.pdf", token),
                range(6),
            )
        )
    assert [p.status_code for p in prints] == [200] * 6
    titles = {PdfReader(io.BytesIO(p.content)).metadata.title for p in prints}
    assert len(titles) == 1 and titles.pop().startswith("学时证明 CE")
    response = prints[0]
    assert response.headers["content-type"] == "application/pdf"
    pdf_path = tmp_path / "receipt.pdf"
    pdf_path.write_bytes(response.content)

    text = PdfReader(pdf_path).pages[0].extract_text()
    passed_on = (dt.datetime.now(CHINA_TZ) - dt.timedelta(days=10)).date()
    for fact in (
        "学时证明",
        "继续教育学时回执",
        "孙八",
        SUN_MASKED_ID,
        "安全员",
        "10 学时",
        exam["certificate"]["number"],
        f"{passed_on.year}年{passed_on.month}月{passed_on.day}日",
        "86 分",
    ):
        assert fact in text, fact
    assert SUN not in text  # the full ID number is never printed
    poppler_text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "孙八" in poppler_text and SUN_MASKED_ID in poppler_text

    url = decode_qr(pdf_path)
    parts = urlsplit(url)
    assert url.startswith(f"{server.url}/api/v1/receipts/")
    serial, code = parts.path.rsplit("/", 1)[1], parse_qs(parts.query)["code"][0]
    assert serial in text and code in text  # printed for typing in, too
    checked = requests.get(url, timeout=10).json()  # no Authorization: anyone may check
    assert checked["valid"] is True
    assert (checked["name"], checked["trade"], checked["credit_hours"]) == ("孙*", "安全员", 10)
    assert checked["passed_at"] == exam["exam"]["passed_at"]

    # A reprint carries the same serial and code; a wrong code or serial reveals nothing.
    reprint = server.call("GET", f"/enrollments/{enrollment_id}/receipt.pdf", token)
    assert (
        serial in PdfReader(_write(tmp_path / "again.pdf", reprint.content)).pages[0].extract_text()
    )
    wrong_code = "A" * len(code) if code != "A" * len(code) else "B" * len(code)
    for path in (
        f"/receipts/{serial}?code={wrong_code}",
        f"/receipts/CE0{serial[3:]}?code={code}",
        f"/receipts/{serial}",
    ):
        answer = server.call("GET", path)
        assert answer.status_code == 200
        assert answer.json() == {
            "valid": False,
            "serial": None,
            "name": None,
            "trade": None,
            "credit_hours": None,
            "passed_at": None,
        }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
