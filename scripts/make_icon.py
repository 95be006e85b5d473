"""Draws cedu's icon (a white safety helmet over an open book, on the client's blue) into
resources/icons: cedu.png (256 px, the windows' icon) and cedu.ico (16-256 px, the
Windows executable and installer). Run it again only to change the icon; both files are
committed, so a build needs neither this script nor Pillow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from app.qt import (
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPointF,
    QRectF,
    Qt,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
BLUE, DARK_BLUE, WHITE, GREEN = "#0b57d0", "#0b3d91", "#ffffff", "#1e9e4a"
SIZE = 256


def draw() -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(BLUE))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)

    # The helmet: a dome with its ridge, and the brim.
    p.setBrush(QColor(WHITE))
    dome = QPainterPath()
    dome.moveTo(60, 124)
    dome.cubicTo(60, 52, 196, 52, 196, 124)
    dome.closeSubpath()
    p.drawPath(dome)
    p.drawRoundedRect(QRectF(40, 118, 176, 20), 10, 10)
    ridge = QPen(QColor(BLUE), 5)
    p.setPen(ridge)
    p.drawLine(QPointF(116, 74), QPointF(116, 118))
    p.drawLine(QPointF(140, 74), QPointF(140, 118))

    # The open book under it: two curved pages meeting at the spine.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(WHITE))
    for sign in (-1, 1):
        page = QPainterPath()
        page.moveTo(128, 168)
        page.cubicTo(128 + sign * 30, 156, 128 + sign * 60, 154, 128 + sign * 88, 162)
        page.lineTo(128 + sign * 88, 212)
        page.cubicTo(128 + sign * 60, 204, 128 + sign * 30, 206, 128, 218)
        page.closeSubpath()
        p.drawPath(page)
    p.setPen(QPen(QColor(DARK_BLUE), 4))
    p.drawLine(QPointF(128, 166), QPointF(128, 218))

    # A green tick: study that counts.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(GREEN))
    p.drawEllipse(QRectF(170, 170, 72, 72))
    tick = QPen(QColor(WHITE), 10)
    tick.setCapStyle(Qt.PenCapStyle.RoundCap)
    tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(tick)
    check = QPainterPath()
    check.moveTo(189, 207)
    check.lineTo(201, 219)
    check.lineTo(223, 193)
    p.drawPath(check)
    p.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    png = ICONS / "cedu.png"
    if not draw().save(str(png)):
        print(f"could not write {png}", file=sys.stderr)
        return 1
    sizes = [(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
    Image.open(png).save(ICONS / "cedu.ico", sizes=sizes)
    print(f"wrote {png} and {ICONS / 'cedu.ico'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
