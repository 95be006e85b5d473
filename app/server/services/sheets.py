"""Rows of an uploaded .xlsx or .csv, read within fixed bounds whatever the file claims.

An upload is hostile until read: a 1.6 KB .xlsx declaring `A1:XFD20001` made openpyxl pad
20,001 rows of 16,384 cells (37 s, 2.3 GB); a 1 MiB .xlsx unpacking to a 1 GiB shared
string grew the server by 1 GB. So the workbook's XML goes through a SAX parser here
(defusedxml: no DTDs, no entities; no tree, so a million tiny elements cost nothing), every
zip member's unpacked size is capped before it is opened, only the header's columns are
kept, rows are counted as they come, and every cell is capped.
Any breach or malformation is 400 `unsupported_file` with the reason in plain words.
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from collections.abc import Iterator
from xml.sax import SAXException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from app.server.errors import ApiError

MAX_DATA_ROWS = 20_000
MAX_COLUMNS = 64  # the header's first 64 cells; the importer needs six
MAX_CELL_CHARS = 500
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # a real 20,000-row sheet unpacks to about 8 MB
MAX_MEMBERS = 500
MAX_SHARED_STRINGS = 8 * (MAX_DATA_ROWS + 1)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Row = tuple[int, list[str]]  # (row number in the file, 1-based; its cells)


def refused(message: str, reason: str) -> ApiError:
    return ApiError("unsupported_file", message, reason=reason)


def _too_long(row: int) -> ApiError:
    return refused(
        f"第 {row} 行有一格内容超过 {MAX_CELL_CHARS} 个字，请检查文件。", "field_too_long"
    )


def too_many_rows() -> ApiError:
    return ApiError(
        "request_too_large",
        f"一次最多导入 {MAX_DATA_ROWS} 行。",
        status=413,
        reason="too_many_rows",
    )


# --- CSV -------------------------------------------------------------------------------


def csv_rows(data: bytes) -> Iterator[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise refused(
                "CSV 文件编码无法识别，请用 UTF-8 或 GB18030 保存。", "bad_encoding"
            ) from exc
    if "\x00" in text:
        raise refused("CSV 文件里有无法识别的内容，请重新保存为 CSV。", "bad_csv")
    reader = csv.reader(io.StringIO(text))
    width = MAX_COLUMNS
    try:
        for row in reader:
            number = reader.line_num
            cells = [cell.strip() for cell in row[:width]]
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise _too_long(number)
            if width == MAX_COLUMNS:
                width = max(len(cells), 1)  # the header fixes the width
            yield number, cells
    except csv.Error as exc:  # e.g. a field over csv's own 131,072-character limit
        raise refused(
            f"CSV 文件第 {reader.line_num} 行无法读取（内容过长或引号不成对）。", "bad_csv"
        ) from exc


# --- XLSX ------------------------------------------------------------------------------

_CHUNK = 64 * 1024


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _Found(Exception):  # noqa: N818 (a signal, not an error)
    """Stops a parse once the wanted element is seen."""


def _parse(archive: zipfile.ZipFile, name: str, handler: ContentHandler) -> Iterator[None]:
    """Feeds one member to `handler` a chunk at a time, pausing after each chunk (so the
    caller can drain what the handler made). zipfile stops at the declared size (checked
    against the cap) and fails on a CRC mismatch: a lying header cannot unpack more."""
    parser = make_parser()
    parser.setContentHandler(handler)
    try:
        with archive.open(name) as src:
            while chunk := src.read(_CHUNK):
                parser.feed(chunk)
                yield
        parser.close()
    except KeyError as exc:
        raise refused("Excel 文件缺少工作表，请检查文件是否损坏。", "missing_part") from exc
    except _Found:
        return
    except (SAXException, DefusedXmlException) as exc:
        raise refused("Excel 文件内容格式有误，请用 Excel 重新保存后再导入。", "bad_xml") from exc
    yield


def _run(archive: zipfile.ZipFile, name: str, handler: ContentHandler) -> None:
    for _ in _parse(archive, name, handler):
        pass


class _FirstSheet(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.rel_id: str | None = None

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX)
        if _local(name) == "sheet":
            self.rel_id = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            raise _Found


class _Relationship(ContentHandler):
    def __init__(self, rel_id: str | None) -> None:
        super().__init__()
        self.rel_id = rel_id
        self.target: str | None = None

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX)
        if _local(name) == "Relationship" and attrs.get("Id") == self.rel_id:
            self.target = attrs.get("Target", "")
            raise _Found


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The first worksheet's part name, as workbook.xml and its relationships say."""
    names = set(archive.namelist())
    if "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names:
        sheet = _FirstSheet()
        _run(archive, "xl/workbook.xml", sheet)
        relationship = _Relationship(sheet.rel_id)
        _run(archive, "xl/_rels/workbook.xml.rels", relationship)
        target = relationship.target or ""
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        if target and path in names:
            return path
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    raise refused("Excel 文件里没有工作表。", "missing_part")


class _Text(ContentHandler):
    """Collects the text of <t> elements (not phonetic hints), capped."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] | None = None
        self.size = 0
        self.in_text = False
        self.in_phonetic = False

    def start_text(self) -> None:
        self.parts, self.size = [], 0

    def take_text(self) -> str:
        text = "".join(self.parts or ())
        self.parts = None
        return text

    def characters(self, content: str) -> None:
        if self.in_text and not self.in_phonetic and self.parts is not None:
            self.size += len(content)
            if self.size > MAX_CELL_CHARS:
                raise refused(
                    f"Excel 文件里有一格内容超过 {MAX_CELL_CHARS} 个字，请检查文件。",
                    "field_too_long",
                )
            self.parts.append(content)


class _SharedStrings(_Text):
    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX)
        tag = _local(name)
        if tag == "si":
            self.start_text()
        elif tag == "t":
            self.in_text = True
        elif tag == "rPh":
            self.in_phonetic = True

    def endElement(self, name: str) -> None:  # noqa: N802 (SAX)
        tag = _local(name)
        if tag == "t":
            self.in_text = False
        elif tag == "rPh":
            self.in_phonetic = False
        elif tag == "si":
            self.strings.append(self.take_text())
            if len(self.strings) > MAX_SHARED_STRINGS:
                raise refused("Excel 文件内容过多，请分成几个文件导入。", "too_many_strings")


def _column(reference: str) -> int:
    """0-based column of a cell reference like `AB12`."""
    column = 0
    for char in reference:
        if not ("A" <= char <= "Z"):
            break
        column = min(column * 26 + ord(char) - 64, 16385)
    return column - 1


class _Sheet(_Text):
    """Rows of the first worksheet: only the header's columns, at most MAX_DATA_ROWS."""

    def __init__(self, strings: list[str]) -> None:
        super().__init__()
        self.strings = strings
        self.ready: list[Row] = []
        self.width = MAX_COLUMNS
        self.header_row: int | None = None
        self.last = 0
        self.cells: list[str] = []
        self.position = 0
        self.kind = "n"

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 (SAX)
        tag = _local(name)
        if tag == "row":
            try:
                number = int(attrs.get("r") or self.last + 1)
            except ValueError as exc:
                raise refused("Excel 文件的行号有误，请检查文件是否损坏。", "bad_xml") from exc
            if number <= self.last:
                raise refused("Excel 文件的行顺序有误，请检查文件是否损坏。", "bad_xml")
            if self.header_row is not None and number - self.header_row > MAX_DATA_ROWS:
                raise too_many_rows()
            self.last, self.cells, self.position = number, [""] * self.width, 0
        elif tag == "c":
            reference = attrs.get("r")
            self.position = _column(reference) if reference else self.position
            self.kind = attrs.get("t", "n")
            self.start_text()
        elif tag in ("v", "t"):
            self.in_text = True

    def endElement(self, name: str) -> None:  # noqa: N802 (SAX)
        tag = _local(name)
        if tag in ("v", "t"):
            self.in_text = False
        elif tag == "c":
            if 0 <= self.position < self.width:
                self.cells[self.position] = self._value(self.take_text()).strip()
            self.position += 1
        elif tag == "row":
            self._end_row()

    def _value(self, raw: str) -> str:
        # <v> is a formula's cached value; the formula itself (<f>) is never read.
        if self.kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError) as exc:
                raise refused("Excel 文件的内容索引有误，请检查文件是否损坏。", "bad_xml") from exc
        if self.kind == "n" and raw:
            try:
                number = float(raw)
            except ValueError:
                return raw
            if number.is_integer() and abs(number) < 1e15:
                return str(int(number))
        return raw

    def _end_row(self) -> None:
        cells = self.cells
        if self.header_row is None:
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                return  # blank lines before the header
            self.header_row, self.width = self.last, len(cells)
        if any(cells):
            self.ready.append((self.last, cells))


def xlsx_rows(data: bytes) -> Iterator[Row]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise refused(
            "Excel 文件无法读取，请检查文件是否损坏（不是有效的 .xlsx）。", "bad_zip"
        ) from exc
    with archive:
        if len(members) > MAX_MEMBERS:
            raise refused("Excel 文件结构异常，请重新保存后再导入。", "too_many_parts")
        for member in members:
            if member.file_size > MAX_MEMBER_BYTES:
                raise refused(
                    "Excel 文件解压后过大（可能是异常文件），请只保留需要导入的内容。",
                    "unpacked_too_large",
                )
            if member.flag_bits & 0x1:
                raise refused("Excel 文件有密码保护，请去掉密码后再导入。", "encrypted")
        try:
            shared = _SharedStrings()
            if "xl/sharedStrings.xml" in archive.namelist():
                _run(archive, "xl/sharedStrings.xml", shared)
            sheet = _Sheet(shared.strings)
            for _ in _parse(archive, _first_sheet(archive), sheet):
                yield from sheet.ready
                sheet.ready.clear()
        except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as exc:
            # a CRC or size mismatch, an unknown compression method
            raise refused("Excel 文件无法读取，请检查文件是否损坏。", "bad_zip") from exc
