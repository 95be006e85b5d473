"""The study-hours receipt (CERT-1): its record, its PDF and its public verification.

The PDF uses reportlab's built-in CID font STSong-Light: no font file ships with the
server, and every PDF reader brings a Song face for it. The QR code is drawn as vector
squares, so it stays sharp at any print or render resolution.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import secrets
from dataclasses import dataclass
from typing import Final

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import rules
from app.core.ids import mask_id_number, mask_name
from app.server import schemas
from app.server.context import CHINA_TZ, ServerContext
from app.server.errors import ApiError
from app.server.models import Enrollment, Receipt
from app.server.services.facts import lessons_of, passed_at

FONT: Final = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# Codes are read off paper and typed: no 0/O, 1/I look-alikes.
_CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH: Final = 8
ISSUER: Final = "云南省建设行业从业人员继续教育"


@dataclass(frozen=True)
class ReceiptFacts:
    name: str
    id_number: str
    trade_name: str
    certificate_number: str
    credit_hours: float
    passed_at: dt.datetime
    best_score: int


def facts_of(db: Session, enrollment: Enrollment) -> ReceiptFacts:
    """What the receipt states, read from the attempts and the course; 409 `not_passed`
    before a pass (EXAM-5)."""
    first_pass = passed_at(enrollment.attempts)
    best = rules.best_score(a.score for a in enrollment.attempts if a.score is not None)
    if first_pass is None or best is None:
        raise ApiError("not_passed")
    return ReceiptFacts(
        name=enrollment.trainee.name,
        id_number=enrollment.trainee.id_number,
        trade_name=enrollment.trade.name,
        certificate_number=enrollment.certificate_number,
        credit_hours=sum(lesson.credit_hours for lesson in lessons_of(db, enrollment.trade_code)),
        passed_at=first_pass,
        best_score=best,
    )


def receipt_of(db: Session, context: ServerContext, enrollment: Enrollment) -> Receipt:
    """The enrollment's receipt record, made on first use: reprints keep serial and code."""
    for _ in range(3):
        existing = db.scalar(select(Receipt).where(Receipt.enrollment_id == enrollment.id))
        if existing is not None:
            return existing
        serial = f"CE{context.today():%Y%m%d}{secrets.randbelow(10**8):08d}"
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        db.add(
            Receipt(serial=serial, enrollment_id=enrollment.id, code=code, created_at=context.now())
        )
        try:
            db.commit()
        except IntegrityError:
            # A parallel request made it first (or, rarely, the serial was taken): read again.
            db.rollback()
            continue
        return db.get_one(Receipt, serial)
    raise ApiError("internal_error", "暂时无法生成学时证明编号，请稍后再试。")


def verify(db: Session, serial: str, code: str) -> schemas.ReceiptCheckOut:
    """Public check of a printed receipt. A wrong code answers exactly like an unknown
    serial, so the name behind a serial cannot be fished for."""
    receipt = db.get(Receipt, serial)
    # Compare even when the serial is unknown, so both cases take the same time.
    stored_code = receipt.code if receipt is not None else "-" * _CODE_LENGTH
    code_ok = hmac.compare_digest(stored_code.encode(), code.strip().upper().encode())
    if receipt is None or not code_ok:
        return schemas.ReceiptCheckOut(valid=False)
    enrollment = db.get_one(Enrollment, receipt.enrollment_id)
    facts = facts_of(db, enrollment)
    return schemas.ReceiptCheckOut(
        valid=True,
        serial=receipt.serial,
        name=mask_name(facts.name),
        trade=facts.trade_name,
        credit_hours=facts.credit_hours,
        passed_at=facts.passed_at,
    )


def chinese_date(moment: dt.datetime) -> str:
    day = moment.astimezone(CHINA_TZ).date()
    return f"{day.year}年{day.month}月{day.day}日"


def _hours(value: float) -> str:
    return f"{value:g} 学时"


def render_pdf(
    facts: ReceiptFacts, receipt: Receipt, verify_url: str, printed_at: dt.datetime
) -> bytes:
    """One A4 page: title, the facts in a ruled table, the QR code and how to verify."""
    out = io.BytesIO()
    page_w, page_h = A4
    pdf = Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"学时证明 {receipt.serial}")
    pdf.setAuthor(ISSUER)

    pdf.setFont(FONT, 26)
    pdf.drawCentredString(page_w / 2, page_h - 38 * mm, "学时证明")
    pdf.setFont(FONT, 13)
    # No "·" or other punctuation outside GB 2312 here: readers substitute a Song face
    # for the unembedded font, and some of those lack it.
    pdf.drawCentredString(page_w / 2, page_h - 47 * mm, f"{ISSUER}学时回执")

    rows = (
        ("姓名", facts.name),
        ("身份证号", mask_id_number(facts.id_number)),
        ("工种", facts.trade_name),
        ("证书编号", facts.certificate_number),
        ("学时", _hours(facts.credit_hours)),
        ("完成日期", chinese_date(facts.passed_at)),
        ("考试成绩", f"{facts.best_score} 分（合格）"),
        ("证明编号", receipt.serial),
        ("验证码", receipt.code),
    )
    left, label_w, right = 25 * mm, 35 * mm, page_w - 25 * mm
    row_h, top = 11 * mm, page_h - 60 * mm
    pdf.setLineWidth(0.6)
    for n, (label, value) in enumerate(rows):
        y = top - n * row_h
        pdf.line(left, y, right, y)
        pdf.setFont(FONT, 12)
        pdf.drawString(left + 3 * mm, y - 7.5 * mm, label)
        pdf.setFont(FONT, 13)
        pdf.drawString(left + label_w + 3 * mm, y - 7.5 * mm, value)
    bottom = top - len(rows) * row_h
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, top, left, bottom)
    pdf.line(left + label_w, top, left + label_w, bottom)
    pdf.line(right, top, right, bottom)

    qr_size = 42 * mm
    qr_top = bottom - 12 * mm
    _draw_qr(pdf, verify_url, left, qr_top - qr_size, qr_size)
    text_x = left + qr_size + 8 * mm
    pdf.setFont(FONT, 11)
    notes = (
        "扫描左侧二维码，或在浏览器中打开下面的网址，",
        "核验本证明的真伪（需证明编号和验证码）：",
    )
    for n, line in enumerate(notes):
        pdf.drawString(text_x, qr_top - 8 * mm - n * 6 * mm, line)
    pdf.setFont("Helvetica", 7.5)
    pdf.drawString(text_x, qr_top - 22 * mm, verify_url)
    pdf.setFont(FONT, 11)
    pdf.drawString(text_x, qr_top - 32 * mm, f"打印日期：{chinese_date(printed_at)}")

    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_qr(pdf: Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code as filled squares, a quiet zone of 4 modules included in `size`."""
    qr = segno.make(data, error="m", micro=False)
    rows: list[list[int]] = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    module = size / len(rows)
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(rows):
        row_y = y + size - (row_index + 1) * module
        col = 0
        while col < len(row):
            if not row[col]:
                col += 1
                continue
            run = col
            while run < len(row) and row[run]:
                run += 1
            # Runs of dark modules as one rectangle: fewer operators, no hairline seams.
            pdf.rect(x + col * module, row_y, (run - col) * module, module, stroke=0, fill=1)
            col = run
