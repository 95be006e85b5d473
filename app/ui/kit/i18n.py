"""Languages: Chinese first (the source strings are the Chinese text), English by .qm.

Every visible string goes through Qt's translation system, always as
`translate(<context>, <text>)` with both arguments string literals (pyside6-lupdate finds them;
`self.tr` is avoided because its context changes in subclasses). English lives in
`resources/translations/en/<module>.ts`, one file per app/ui module, so people working
on different screens never edit the same file; `scripts/translations` refreshes them
from the code and `scripts/setup` compiles them to `.qm` with pyside6-lrelease.
"""

from __future__ import annotations

import logging

from app.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from app.ui.kit.resources import resource_path

log = logging.getLogger(__name__)
SOURCE_LANGUAGE = "zh_CN"
translate = QCoreApplication.translate


class MissingTranslationsError(RuntimeError):
    pass


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load the catalogues for `lang`; keep the returned list alive as long as `app`."""
    translators: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_catalogue = QTranslator(app)
    # Qt's own strings (standard buttons, file dialogs) in the chosen language.
    if qt_catalogue.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(qt_catalogue)
        translators.append(qt_catalogue)
    QLocale.setDefault(QLocale(lang))
    if lang == SOURCE_LANGUAGE:
        return translators
    folder = resource_path("translations", lang.split("_")[0])
    catalogues = sorted(folder.glob("*.qm")) if folder.is_dir() else []
    if not catalogues:
        raise MissingTranslationsError(
            f"no compiled translations in {folder}: run scripts/setup (pyside6-lrelease)"
        )
    for path in catalogues:
        translator = QTranslator(app)
        if not translator.load(str(path)):
            raise MissingTranslationsError(f"cannot load {path}")
        app.installTranslator(translator)
        translators.append(translator)
    return translators
