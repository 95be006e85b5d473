"""Both languages load, and no visible string is left untranslated (issue 7).

Chinese is the source language; English comes from resources/translations/en/*.ts.
Two checks: every `translate(...)` string in app/ui has a finished English translation
(pyside6-lupdate run afresh on the code finds nothing new or unfinished), and the real
screens, shown in English against the real server, hold no Chinese characters apart
from data (names, trades, certificate numbers).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import LiveServer
from tests.support.screens import SIZES, fully_shown, set_screen, shoot

REPO = Path(__file__).resolve().parents[2]
EN_DIR = REPO / "resources" / "translations" / "en"
BIN = Path(sys.executable).parent
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def ui_modules() -> list[Path]:
    return sorted(
        path for path in (REPO / "app" / "ui").rglob("*.py")
        if 'translate("' in path.read_text(encoding="utf-8")
    )


def unfinished(ts_file: Path) -> list[str]:
    tree = ET.parse(ts_file)
    return [
        message.findtext("source") or ""
        for message in tree.iter("message")
        if (message.find("translation") is None
            or message.find("translation").get("type") in ("unfinished", "vanished"))  # type: ignore[union-attr]
    ]


@pytest.fixture(scope="module")
def compiled_catalogues() -> None:
    """The .qm files as the setup builds them, from the committed .ts files."""
    sources = sorted(EN_DIR.glob("*.ts"))
    assert sources, "no English catalogues"
    subprocess.run([_tool("pyside6-lrelease"), "-silent", *map(str, sources)], check=True)


def test_every_string_in_the_code_has_an_english_translation(tmp_path: Path) -> None:
    missing: list[str] = []
    for module in ui_modules():
        committed = EN_DIR / f"{module.stem}.ts"
        if not committed.exists():
            missing.append(f"{module.name}: no {committed.name}")
            continue
        fresh = tmp_path / committed.name
        shutil.copy(committed, fresh)
        subprocess.run(
            [_tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
             "-source-language", "zh_CN", "-target-language", "en", str(module), "-ts", str(fresh)],
            check=True,
        )
        missing += [f"{module.name}: {source!r}" for source in unfinished(fresh)]
    assert not missing, "untranslated strings (run scripts/translations):\n" + "\n".join(missing)


def test_both_languages_load(qapp: Any, compiled_catalogues: None) -> None:
    from app.qt import QCoreApplication
    from app.ui.kit.i18n import install_translators

    translators = install_translators(qapp, "en")
    try:
        ours = [t.filePath() for t in translators if t.filePath().startswith(str(EN_DIR))]
        loaded = {Path(path).stem for path in ours}
        assert loaded >= {path.stem for path in EN_DIR.glob("*.ts")}
        assert QCoreApplication.translate("Login", "登录") == "Log in"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
    chinese = install_translators(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("Login", "登录") == "登录"
    finally:
        for translator in chinese:
            qapp.removeTranslator(translator)


@pytest.fixture
def english(styled_app: Any, compiled_catalogues: None) -> Iterator[None]:
    from app.ui.kit.i18n import install_translators

    translators = install_translators(styled_app, "en")
    yield
    for translator in translators:
        styled_app.removeTranslator(translator)
    from app.qt import QLocale

    QLocale.setDefault(QLocale("zh_CN"))


def visible_texts(root: Any) -> list[str]:
    from app.qt import QAbstractButton, QLabel, QLineEdit, QProgressBar, QWidget

    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QProgressBar):
            texts.append(widget.text())
        if widget.accessibleName():
            texts.append(widget.accessibleName())
    return [text for text in texts if text]


def untranslated(root: Any, data: list[str]) -> list[str]:
    found = []
    for text in visible_texts(root):
        for value in data:
            text = text.replace(value, "")
        if CJK.search(text):
            found.append(text)
    return found


@pytest.mark.parametrize("id_number", ["532501198811200037", "530102199001010079",
                                       "530102198505050061"])
def test_login_and_home_show_no_chinese_in_english(
    english: None, client_options: Any, qtbot: Any, ui_server: LiveServer, screenshot: Any,
    id_number: str,
) -> None:
    from app.ui.launch import create_main_window

    window, _ = create_main_window(client_options)
    qtbot.addWidget(window)
    window.show()
    try:
        assert untranslated(window, []) == []
        ui_server.ready_trainee(id_number, "Anquan2026!")
        page = window.login_page
        page.id_edit.setText(id_number)
        page.password_edit.setText("Anquan2026!")
        page.agree_box.setChecked(True)
        page.login_button.click()
        qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=15000)
        me = window.ctx.me
        data = [me["name"]]
        for enrollment in me["enrollments"]:
            data += [enrollment["trade"]["name"], enrollment["certificate"]["number"]]
        screenshot(f"home-en-{id_number}")
        assert untranslated(window, data) == []
    finally:
        window.ctx.shutdown()


def test_the_agreement_line_is_whole_in_english_at_1024x768(
    english: None, client_options: Any, qtbot: Any, shots_dir: Path,
) -> None:
    # Issue 15: English cut "Privacy" off the agreement line.
    from app.ui.launch import create_main_window

    window, _ = create_main_window(client_options)
    qtbot.addWidget(window)
    window.show()
    try:
        box = window.login_page.agree_box
        assert "Privacy Policy" in box.text()
        for size in reversed(SIZES):  # 1024x768 last, for its picture
            set_screen(qtbot, window, size)
            assert box.sizeHint().width() <= box.width(), size
            assert fully_shown(box), size
        shoot(shots_dir, window, "login-en", SIZES[0])
    finally:
        window.ctx.shutdown()
