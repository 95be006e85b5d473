"""Hostile enrollment-import files against the real `cedu-server` in its own process:
each is answered 4xx with a code and a plain reason, within a bounded time, and the
server's peak memory (VmHWM, reset before the uploads) grows by less than 200 MB."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.faults import Http, ServerProcess

MEMORY_BOUND_MB = 200
TIME_BOUND_S = 30  # generous: the machine is shared

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row>'
)


def xlsx(sheet: str | bytes, shared: bytes | None = None) -> bytes:
    """A minimal workbook whose first sheet is `sheet` (raw XML)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return stream.getvalue()


def gib_shared_string() -> bytes:
    """About 1 MiB packed, 1 GiB unpacked: one shared string of 2**30 letters."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + "<sheetData/></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=False) as member:
            member.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            block = b"A" * (1 << 20)
            for _ in range(1024):
                member.write(block)
            member.write(b"</t></si></sst>")
    return stream.getvalue()


def lying_sizes(data: bytes, size: int = 1000) -> bytes:
    """The same zip with every declared unpacked size set to `size` (local and central
    headers): the reader must not trust it to stop unpacking."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := patched.find(signature, start)) != -1:
            struct.pack_into("<I", patched, found + offset, size)
            start = found + 4
    return bytes(patched)


def hostile_files() -> Iterator[tuple[str, str, bytes, str]]:
    """(label, filename, content, expected error reason)"""
    yield (
        "sheet padded to A1:XFD20001",
        "padded.xlsx",
        xlsx(
            SHEET_HEAD
            + '<dimension ref="A1:XFD20001"/><sheetData>'
            + HEADER_ROW
            + "</sheetData></worksheet>"
        ),
        "bad_columns",
    )
    yield (
        "a row at 1,048,576",
        "far.xlsx",
        xlsx(
            SHEET_HEAD
            + "<sheetData>"
            + HEADER_ROW
            + '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>'
        ),
        "too_many_rows",
    )
    yield (
        "a million empty cells in one row",
        "wide.xlsx",
        xlsx(
            SHEET_HEAD
            + "<sheetData>"
            + HEADER_ROW
            + '<row r="2">'
            + "<c/>" * 1_000_000
            + "</row></sheetData></worksheet>"
        ),
        "bad_columns",
    )
    yield (
        "malformed sheet XML",
        "broken.xlsx",
        xlsx(SHEET_HEAD + "<sheetData><row><c>"),
        "bad_xml",
    )
    yield (
        "an entity bomb",
        "bomb.xlsx",
        xlsx(
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + SHEET_HEAD[38:]
            + "<sheetData><row><c><v>&b;</v></c></row></sheetData></worksheet>"
        ),
        "bad_xml",
    )
    packed = gib_shared_string()
    yield ("a 1 GiB shared string", "gib.xlsx", packed, "unpacked_too_large")
    yield (
        "a 1 GiB shared string, sizes lied about",
        "gib-lie.xlsx",
        lying_sizes(packed),
        "bad_zip field_too_long",
    )
    yield (
        "a CSV field over 131,072 characters",
        "long.csv",
        ('身份证号,姓名\n1,"' + "x" * 140_000 + '"\n').encode(),
        "bad_csv",
    )
    yield (
        "a 600-character CSV cell",
        "cell.csv",
        ("身份证号,姓名\n1," + "y" * 600 + "\n").encode(),
        "field_too_long",
    )
    yield ("not a zip", "fake.xlsx", b"PK\x03\x04 not really", "bad_zip")


def _kib(status: str, field: str) -> int:
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(field)


@pytest.fixture(scope="module")
def import_server(
    tmp_path_factory: pytest.TempPathFactory, media_dir: Path
) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("hostile-import") / "server", media_dir).start()
    yield server
    server.kill()


def test_hostile_files_are_refused_in_bounded_time_and_memory(import_server: ServerProcess) -> None:
    api = Http(import_server.api)
    admin = api.admin_token()
    assert import_server.process is not None
    proc = Path(f"/proc/{import_server.process.pid}")
    files = list(hostile_files())  # built before the measurement starts
    (proc / "clear_refs").write_text("5")  # resets VmHWM to the current RSS
    start_kib = _kib((proc / "status").read_text(), "VmRSS")
    for label, name, data, reason in files:
        try:
            response = api.session.post(
                api.api + "/admin/enrollments/import",
                headers={"Authorization": f"Bearer {admin}"},
                files={"file": (name, data)},
                timeout=TIME_BOUND_S,
            )
        except requests.Timeout:
            pytest.fail(f"{label}: no answer within {TIME_BOUND_S} s")
        assert 400 <= response.status_code < 500, (label, response.status_code, response.text[:300])
        error = response.json()["error"]
        assert error["message"], label
        assert error.get("reason", error["code"]) in reason.split(), (label, error)
    grown_mb = (_kib((proc / "status").read_text(), "VmHWM") - start_kib) / 1024
    print(f"server peak RSS grew by {grown_mb:.0f} MB over the hostile files")
    assert grown_mb < MEMORY_BOUND_MB
    assert api.call("GET", "/health").status_code == 200


def test_a_name_that_is_a_formula_is_refused_row_by_row(import_server: ServerProcess) -> None:
    api = Http(import_server.api)
    text = (
        "身份证号,姓名,工种代码,证书编号,证书有效期至\n"
        '110101199003070011,"=HYPERLINK(""http://evil.example"",""点我"")",AQY,C1,2027-06-30\n'
        "110101199003070038,@SUM(A1),AQY,C2,2027-06-30\n"
    )
    response = api.call(
        "POST",
        "/admin/enrollments/import",
        api.admin_token(),
        files={"file": ("names.csv", text.encode())},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["created"] == 0
    assert [(e["row"], e["reason"]) for e in body["errors"]] == [
        (1, "invalid_name"),
        (2, "invalid_name"),
    ]
