"""The receipt's verification page (CERT-1): what a site manager sees after scanning the
QR code with a phone. Plain HTML in Chinese, large type, no script, no outside resource;
every value escaped (the serial in the URL is the caller's)."""

from __future__ import annotations

from html import escape

from app.core.support import SUPPORT_QUESTIONS
from app.server import schemas
from app.server.services.receipts import ISSUER, chinese_date

_STYLE = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
       margin: 0; background: #f4f6f8; color: #1a1a1a; font-size: 18px; }
main { max-width: 36em; margin: 0 auto; padding: 1.2em; }
h1 { font-size: 1.3em; margin: 0.4em 0 0.8em; }
.verdict { font-size: 1.6em; font-weight: bold; padding: 0.6em 0.8em; border-radius: 8px; }
.valid { background: #e3f4e6; color: #145c26; }
.invalid { background: #fbe7e6; color: #8a1c14; }
table { width: 100%; border-collapse: collapse; margin: 1em 0; background: #fff; }
th, td { text-align: left; padding: 0.6em 0.8em; border-bottom: 1px solid #dde2e6; }
th { width: 6em; color: #4a4a4a; font-weight: normal; }
p.note { color: #4a4a4a; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{escape(ISSUER)}<br>学时证明核验</h1>{body}</main></body></html>"
    )


def render_check_page(check: schemas.ReceiptCheckOut) -> str:
    if not check.valid or check.passed_at is None:
        return _page(
            "学时证明核验：未通过",
            '<div class="verdict invalid">✗ 未能核验这份学时证明</div>'
            '<p class="note">没有找到这个编号，或核验码不对。请核对证明上印的编号和核验码'
            f"（扫描二维码可免输入）。如有疑问请致电 {escape(SUPPORT_QUESTIONS)}。</p>",
        )
    rows = (
        ("姓名", check.name or ""),
        ("工种", check.trade or ""),
        ("学时", f"{check.credit_hours:g} 学时" if check.credit_hours is not None else ""),
        ("合格日期", chinese_date(check.passed_at)),
        ("证明编号", check.serial or ""),
    )
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return _page(
        "学时证明核验：有效",
        '<div class="verdict valid">✓ 这份学时证明有效</div>'
        f"<table>{table}</table>"
        '<p class="note">为保护个人信息，姓名只显示姓氏。请与持证人的身份证件核对。</p>',
    )
