"""The application object the client starts with: name, version, style and its icon."""

from __future__ import annotations

from pathlib import Path

import app as cedu


def test_the_application_carries_the_version_and_the_cedu_icon(
    qapp: object, tmp_path: Path
) -> None:
    from app.qt import QApplication
    from app.ui.application import create_application
    from app.ui.options import ClientOptions
    from app.ui.resources import resource_path

    application = create_application(ClientOptions(data_dir=tmp_path))
    for translator in application.property("cedu_translators") or []:
        application.removeTranslator(translator)  # the other tests choose their language
    assert application is qapp and isinstance(application, QApplication)
    assert application.applicationVersion() == cedu.__version__
    icon = application.windowIcon()
    assert not icon.isNull()
    # The drawn icon (scripts/make_icon.py), not a platform default: the 256 px image.
    assert icon.availableSizes()[0].width() == 256
    # The Windows executable and installer take the .ico beside it (installer/cedu.spec).
    assert resource_path("icons", "cedu.ico").stat().st_size > 1000
