"""Staff import of enrollments from .xlsx or .csv (PAY-2), one error per bad row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.ids import INITIAL_PASSWORD, normalize_credit_code, normalize_id_number
from app.server import schemas
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import Enrollment, Staff, Trade, Trainee
from app.server.security import hash_password
from app.server.services import audit, centres, sheets
from app.server.services.sheets import Row

EXCEL_EPOCH = dt.date(1899, 12, 30)
# A name is words, never a spreadsheet formula waiting for the first export.
_FORMULA_START = ("=", "+", "-", "@")
COLUMNS = {
    "id_number": ("id_number", "身份证号"),
    "name": ("name", "姓名"),
    "trade_code": ("trade_code", "工种代码"),
    "certificate_number": ("certificate_number", "证书编号"),
    "certificate_expires_on": ("certificate_expires_on", "证书有效期至"),
    "enterprise_credit_code": ("enterprise_credit_code", "统一社会信用代码"),
    "centre_code": ("centre_code", "培训点代码"),
}
REQUIRED = ("id_number", "name", "trade_code", "certificate_number", "certificate_expires_on")


class RowError(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    errors: list[schemas.ImportRowError] = field(default_factory=list)


def read_rows(filename: str, data: bytes) -> list[Row]:
    lower = filename.lower()
    if lower.endswith(".csv"):
        rows = sheets.csv_rows(data)
    elif lower.endswith(".xlsx"):
        rows = sheets.xlsx_rows(data)
    else:
        raise ApiError("unsupported_file")
    result: list[Row] = []
    for row in rows:
        result.append(row)
        if len(result) > sheets.MAX_DATA_ROWS + 1:
            raise sheets.too_many_rows()
    return result


def _date(text: str) -> dt.date:
    """YYYY-MM-DD (or with slashes), or an Excel date serial: a plain number in a date
    column is what Excel stores for a date cell."""
    if text.isdigit() and 1 <= int(text) < 2_958_466:
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    if len(text) > 10 and text[10] in " T":  # a date cell saved as text with its time
        text = text[:10]
    return dt.date.fromisoformat(text.replace("/", "-"))


def _column_index(header: list[str]) -> dict[str, int]:
    names = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
    index: dict[str, int] = {}
    for position, title in enumerate(header):
        key = names.get(title.strip().lstrip("\ufeff"))
        if key is not None and key not in index:
            index[key] = position
    missing = [key for key in REQUIRED if key not in index]
    if missing:
        raise ApiError(
            "bad_columns", f"导入文件缺少这些列：{'、'.join(missing)}。", missing=missing
        )
    return index


@dataclass(frozen=True)
class ImportRow:
    id_number: str
    name: str
    trade_code: str
    certificate_number: str
    certificate_expires_on: dt.date
    credit_code: str | None
    centre_code: str | None


def _parse_row(values: dict[str, str], trades: set[str], today: dt.date) -> ImportRow:
    for key in REQUIRED:
        if not values.get(key):
            raise RowError("missing_field", f"缺少必填项：{key}")
    try:
        id_number = normalize_id_number(values["id_number"], today=today)
    except DomainError as exc:
        raise RowError("invalid_id_number", exc.message) from exc
    name = values["name"]
    if name.startswith(_FORMULA_START) or not name.isprintable() or len(name) > 64:
        raise RowError("invalid_name", "姓名不正确（不能以 = + - @ 开头，最多 64 个字）。")
    trade_code = values["trade_code"].upper()
    if trade_code not in trades:
        raise RowError("unknown_trade", f"没有这个工种代码：{values['trade_code']}")
    try:
        expires_on = _date(values["certificate_expires_on"])
    except ValueError as exc:
        raise RowError("invalid_date", "证书有效期应写成 YYYY-MM-DD。") from exc
    credit_code = None
    if values.get("enterprise_credit_code"):
        try:
            credit_code = normalize_credit_code(values["enterprise_credit_code"])
        except DomainError as exc:
            raise RowError("invalid_credit_code", exc.message) from exc
    try:
        centre_code = centres.normalize(values.get("centre_code", ""))
    except ValueError as exc:
        raise RowError("invalid_centre", "培训点代码只能是字母、数字和“-”，最多 32 位。") from exc
    return ImportRow(
        id_number,
        name,
        trade_code,
        values["certificate_number"][:64],
        expires_on,
        credit_code,
        centre_code,
    )


def import_enrollments(
    db: Session,
    context: ServerContext,
    filename: str,
    data: bytes,
    *,
    staff: Staff | None = None,
    address: str = "",
    commit: bool = True,
) -> ImportOutcome:
    """Imports the file's good rows; with `commit` False only a preview: the same outcome,
    nothing written."""
    rows = read_rows(filename, data)
    if not rows:
        raise ApiError("bad_columns", "导入文件是空的。")
    header_row, header = rows[0]
    index = _column_index(header)
    trades = set(db.scalars(select(Trade.code)))
    now = context.now()
    initial_hash: str | None = None  # hashed once per import: the initial password is public
    outcome = ImportOutcome()
    seen: set[tuple[str, str]] = set()
    for file_row, raw in rows[1:]:
        number = file_row - header_row
        if not any(raw):
            continue
        values = {key: raw[pos] if pos < len(raw) else "" for key, pos in index.items()}
        try:
            row = _parse_row(values, trades, context.today())
            if (row.id_number, row.trade_code) in seen:
                raise RowError("duplicate", "同一人员同一工种在文件中重复出现。")
        except RowError as exc:
            outcome.errors.append(
                schemas.ImportRowError(row=number, reason=exc.reason, message=exc.message)
            )
            continue
        seen.add((row.id_number, row.trade_code))
        trainee = db.scalar(select(Trainee).where(Trainee.id_number == row.id_number))
        if trainee is None:
            initial_hash = initial_hash or hash_password(INITIAL_PASSWORD)
            trainee = Trainee(
                id_number=row.id_number,
                name=row.name,
                password_hash=initial_hash,
                must_change_password=True,
                created_at=now,
            )
            db.add(trainee)
            db.flush()
        enrollment = db.scalar(
            select(Enrollment).where(
                Enrollment.trainee_id == trainee.id, Enrollment.trade_code == row.trade_code
            )
        )
        if enrollment is None:
            db.add(
                Enrollment(
                    trainee_id=trainee.id,
                    trade_code=row.trade_code,
                    certificate_number=row.certificate_number,
                    certificate_expires_on=row.certificate_expires_on,
                    enterprise_credit_code=row.credit_code,
                    centre_code=row.centre_code,
                    created_at=now,
                    attempts_allowed=context.settings.exam_attempts,
                )
            )
            outcome.created += 1
        else:
            enrollment.certificate_number = row.certificate_number
            enrollment.certificate_expires_on = row.certificate_expires_on
            enrollment.enterprise_credit_code = row.credit_code
            if row.centre_code:  # a file without the column keeps the centre
                enrollment.centre_code = row.centre_code
            outcome.updated += 1
    if not commit:
        db.rollback()
        return outcome
    audit.record(
        db,
        now,
        staff,
        "enrollments_imported",
        filename[:64],
        after={
            "created": outcome.created,
            "updated": outcome.updated,
            "errors": len(outcome.errors),
        },
        address=address,
    )
    db.commit()
    return outcome
