"""The study-hours receipt (CERT-1) against the real server: 孙八 (passed) views it,
saves it as a PDF and prints it; 王五 before passing gets the not_passed explanation."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from tests.support.exam_client import WANG_WU, signed_in
from tests.support.exam_screens import contexts  # noqa: F401  (fixture)
from tests.support.live_server import LiveServer

SUN_BA = "530102198505050061"  # passed 10 days ago with 86


def open_receipt(qtbot: Any, ctx: Any, signal: str = "loaded") -> Any:
    from app.ui.home.receipt import ReceiptDialog

    dialog = ReceiptDialog(ctx, ctx.me["enrollments"][0])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(getattr(dialog, signal), timeout=15000) as seen:
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.signal_args = seen.args
    return dialog


def test_sun_ba_views_saves_and_prints_the_receipt(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any], tmp_path: Path, shots_dir: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # RULES: CERT-1
    from app.qt import QPrinter
    from app.ui.home.receipt import STATE_FILE

    ctx = signed_in(client_options, ui_server, SUN_BA, None)
    contexts.append(ctx)
    dialog = open_receipt(qtbot, ctx)
    assert dialog.view.isVisible() and dialog.document.pageCount() >= 1
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    qtbot.wait(300)
    dialog.grab().save(str(shots_dir / "receipt.png"))

    target = tmp_path / "saved" / "回执"
    target.parent.mkdir()
    monkeypatch.setattr(dialog, "choose_save_path", lambda: target)
    dialog.save_button.click()
    saved = target.with_name("回执.pdf")
    assert saved.read_bytes() == dialog.pdf and saved.read_bytes().startswith(b"%PDF")
    assert str(saved) in dialog.status.text()
    assert (ctx.options.data_dir / STATE_FILE).is_file()  # the folder, for next time
    assert dialog._start_folder() == saved.parent

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_to(printer) == dialog.document.pageCount()
    assert printed.read_bytes().startswith(b"%PDF") and printed.stat().st_size > 10_000


def test_kiosk_mode_saves_without_remembering_the_folder(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any], tmp_path: Path,  # noqa: F811
) -> None:
    # RULES: CERT-1
    from app.ui.home.receipt import STATE_FILE

    options = dataclasses.replace(client_options, kiosk=True, data_dir=tmp_path / "kiosk")
    ctx = signed_in(options, ui_server, SUN_BA, None)
    contexts.append(ctx)
    dialog = open_receipt(qtbot, ctx)
    dialog.save_to(tmp_path / "r.pdf")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert not (options.data_dir / STATE_FILE).exists()


def test_before_passing_the_receipt_is_explained(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any], shots_dir: Path,  # noqa: F811
) -> None:
    # RULES: CERT-1
    ctx = signed_in(client_options, ui_server, WANG_WU, None)
    contexts.append(ctx)
    dialog = open_receipt(qtbot, ctx, "problem_shown")
    assert dialog.signal_args == ["not_passed"]
    assert dialog.status.text().startswith("考试合格后才能打印学时证明。")
    assert not dialog.view.isVisible()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.why_disabled.text() == "暂时没有可打印的学时证明"
    qtbot.wait(200)  # the layout settles on the next turn of the event loop
    dialog.grab().save(str(shots_dir / "receipt_not_passed.png"))
