"""The application object the client starts with: name, version, style and its icon."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import app as cedu


def test_the_application_carries_the_version_and_the_cedu_icon(
    qapp: object, qtbot: Any, tmp_path: Path
) -> None:
    from app.qt import QApplication
    from app.ui.kit.options import ClientOptions
    from app.ui.kit.resources import resource_path
    from app.ui.launch import create_application, create_main_window

    options = ClientOptions(server_url="http://127.0.0.1:9", data_dir=tmp_path)
    application = create_application(options)
    for translator in application.property("cedu_translators") or []:
        application.removeTranslator(translator)  # the other tests choose their language
    assert application is qapp and isinstance(application, QApplication)
    application.setApplicationVersion("")
    window, _ = create_main_window(options)
    qtbot.addWidget(window)
    window.show_initial()
    # The version is read once the login window has painted (it costs ~15 ms before).
    qtbot.waitUntil(lambda: application.applicationVersion() == cedu.__version__)
    window.ctx.shutdown()
    icon = application.windowIcon()
    assert not icon.isNull()
    # The drawn icon (scripts/make_icon.py), not a platform default: the 256 px image.
    assert icon.availableSizes()[0].width() == 256
    # The Windows executable and installer take the .ico beside it (installer/cedu.spec).
    assert resource_path("icons", "cedu.ico").stat().st_size > 1000
