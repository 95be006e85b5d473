"""The study-hours receipt (学时证明, CERT-1): fetched from the server as a PDF, shown,
printed, saved as a PDF. Before a pass the server answers 409 `not_passed`, which is
explained in place of the receipt.

Kiosk mode remembers nothing: no last folder kept, and Qt's own file dialog instead of
the system one (whose recent-folders list would tell the next trainee).

Tests follow `loaded` / `problem_shown(code)`; object names: receipt_view,
print_receipt_button, save_receipt_button, close_receipt_button, receipt_status.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from app.qt import (
    QBuffer,
    QByteArray,
    QDialog,
    QFileDialog,
    QIODevice,
    QPainter,
    QPdfDocument,
    QPdfView,
    QPrintDialog,
    QPrinter,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.sync.errors import ApiError
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext, enrollment_title
from app.ui.kit.errors import describe, problem_text
from app.ui.kit.i18n import translate
from app.ui.kit.screen import fit_to_screen
from app.ui.kit.widgets import action_row, button, label, primary_button

log = logging.getLogger(__name__)
PRINT_DPI_LIMIT = 300  # enough for text; keeps a page image under ~35 MB
STATE_FILE = "receipt_folder.json"


class ReceiptDialog(QDialog):
    loaded = Signal()
    problem_shown = Signal(str)

    def __init__(
        self, ctx: AppContext, enrollment: wire.Enrollment, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment = enrollment
        self.pdf: bytes | None = None
        self.setObjectName("receipt_dialog")
        self.setWindowTitle(translate("Receipt", "学时证明"))
        fit_to_screen(self, 900, 760)

        column = QVBoxLayout(self)
        self._column = column
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(label(translate("Receipt", "学时证明"), "title"))
        column.addWidget(label(enrollment_title(enrollment), "heading"))
        self.status = label(translate("Receipt", "正在获取学时证明…"), "hint")
        self.status.setObjectName("receipt_status")
        column.addWidget(self.status)
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("receipt_view")
        self.view.setAccessibleName(translate("Receipt", "学时证明预览"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setVisible(False)
        column.addWidget(self.view, 1)

        self.print_button = primary_button(
            translate("Receipt", "打印"), name="print_receipt_button", on_click=self.print_receipt)
        self.save_button = button(
            translate("Receipt", "另存为 PDF"), name="save_receipt_button",
            on_click=self.save_receipt)
        self.why_disabled = label("", "hint")
        self.close_button = button(
            translate("Receipt", "关闭"), name="close_receipt_button", on_click=self.reject)
        column.addLayout(action_row(
            [self.print_button, self.save_button], self.why_disabled, self.close_button))
        self._set_ready(False, translate("Receipt", "正在获取…"))
        self.fetch()

    def _set_ready(self, ready: bool, why: str = "") -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.why_disabled.setText("" if ready else why)
        (self.print_button if ready else self.close_button).setFocus()

    # ------------------------------------------------------------------ fetch
    def fetch(self) -> None:
        enrollment_id = self.enrollment["id"]
        run_in_background(
            self,
            lambda: self.ctx.api.receipt_pdf(enrollment_id),
            on_success=self._show_pdf,
            on_failure=self._show_problem,
        )

    def _show_pdf(self, pdf: bytes) -> None:
        self.pdf = pdf
        self._buffer.close()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            log.warning("receipt PDF not readable: %s", self.document.error())
            self.status.setText(translate("Receipt", "学时证明无法显示，请稍后重试。"))
            self.problem_shown.emit("unreadable_pdf")
            return
        self.status.setText(translate(
            "Receipt", "这是您的学时证明，可以打印或另存为 PDF。证明上的验证码可供用人单位核验。"
        ))
        self.view.setVisible(True)
        self._set_ready(True)
        self.loaded.emit()

    def _show_problem(self, exc: Exception) -> None:
        code = exc.code if isinstance(exc, ApiError) else "unexpected"
        if code == "not_passed":
            text = translate(
                "Receipt",
                "考试合格后才能打印学时证明。完成全部课时并考试合格（60 分及以上）后，"
                "再来这里打印。",
            )
        else:
            text = problem_text(describe(exc))
        self.status.setText(text)
        self.status.setProperty("role", "reason")
        self.status.style().polish(self.status)
        self._set_ready(False, translate("Receipt", "暂时没有可打印的学时证明"))
        # No receipt to show: the words stay at the top instead of spreading out.
        self._column.insertStretch(self._column.indexOf(self.view), 1)
        self.problem_shown.emit(code)

    # ------------------------------------------------------------------ print
    @Slot()
    def print_receipt(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(translate("Receipt", "学时证明"))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Each page rendered at the printer's resolution (capped) and drawn to fit the
        printable area; returns the number of pages printed."""
        pages = self.document.pageCount()
        painter = QPainter()
        if pages < 1 or not painter.begin(printer):
            return 0
        try:
            dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
            for page in range(pages):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(page, size)
                area = painter.viewport()
                scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.topLeft(), scaled), image)
        finally:
            painter.end()
        return pages

    # ------------------------------------------------------------------ save
    def _state_path(self) -> Path:
        return self.ctx.options.data_dir / STATE_FILE

    def _start_folder(self) -> Path:
        documents = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or Path.home())
        if self.ctx.options.kiosk:
            return documents
        try:
            remembered = Path(json.loads(self._state_path().read_text("utf-8"))["folder"])
        except (OSError, ValueError, KeyError, TypeError):
            return documents
        return remembered if remembered.is_dir() else documents

    def choose_save_path(self) -> Path | None:
        """The file dialog (tests replace this one method to pick a path)."""
        name = translate("Receipt", "学时证明") + f"_{self.enrollment['trade']['code']}.pdf"
        options = QFileDialog.Option(0)
        if self.ctx.options.kiosk:
            options |= QFileDialog.Option.DontUseNativeDialog
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            translate("Receipt", "另存为 PDF"),
            str(self._start_folder() / name),
            translate("Receipt", "PDF 文件 (*.pdf)"),
            options=options,
        )
        return Path(chosen) if chosen else None

    @Slot()
    def save_receipt(self) -> None:
        path = self.choose_save_path()
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        if self.pdf is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            self.status.setText(problem_text(describe(exc)))
            return
        self.status.setText(translate("Receipt", "已保存到 %1").replace("%1", str(path)))
        if not self.ctx.options.kiosk:
            try:
                self._state_path().parent.mkdir(parents=True, exist_ok=True)
                self._state_path().write_text(json.dumps({"folder": str(path.parent)}), "utf-8")
            except OSError as exc:
                log.info("last receipt folder not kept: %s", exc)
