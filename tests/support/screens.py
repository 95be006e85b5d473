"""Screens of the sizes trainees have (issue 15): a window laid out as on such a screen,
whether a widget is wholly in view, and its picture for people to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SIZES = [(1024, 768), (1366, 768), (1920, 1080)]
TASKBAR_PX = 40  # Windows 10/11's taskbar at 100 %


def fully_shown(widget: Any) -> bool:
    """Visible and not clipped by its window, a scroll area or a sibling."""
    return bool(widget.isVisible()) and widget.visibleRegion().boundingRect() == widget.rect()


def facts(widget: Any) -> dict[str, Any]:
    """What a failed `fully_shown` needs to be understood: where the widget is, what of it
    shows, and its window's size and state."""
    window = widget.window()
    return {"visible": widget.isVisible(), "geometry": widget.geometry(),
            "shown": widget.visibleRegion().boundingRect(), "window": window.geometry(),
            "state": window.windowState(), "window_minimum": window.minimumSize()}


def set_screen(qtbot: Any, window: Any, size: tuple[int, int]) -> None:
    """The window as maximised on a screen of `size` with the taskbar at the bottom. On a
    display that really is that size (pytest -o xvfb_width=W -o xvfb_height=H), the
    screen's own free area instead: the window as the trainee's PC would place it."""
    from app.qt import QApplication, QRect, QSize, Qt

    screen = window.screen()
    if (screen.size().width(), screen.size().height()) == size:
        room = screen.availableGeometry()
    else:
        room = QRect(0, 0, size[0], size[1] - TASKBAR_PX)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(room)
    qtbot.waitUntil(lambda: window.size() == QSize(room.width(), room.height()), timeout=5000)
    QApplication.processEvents()


def inside_screen(widget: Any) -> bool:
    """Wholly on the screen, where the display is the size being checked (see above)."""
    from app.qt import QRect

    on_screen = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    return bool(widget.screen().geometry().contains(on_screen))


def shoot(shots_dir: Path, window: Any, name: str, size: tuple[int, int]) -> None:
    """The window's picture; on a display of that very size, the whole screen's (what is
    off the screen is then missing from it, as on the trainee's PC)."""
    path = str(shots_dir / f"fit-{name}-{size[0]}x{size[1]}.png")
    screen = window.screen()
    if (screen.size().width(), screen.size().height()) == size:
        window.raise_()
        from app.qt import QApplication

        QApplication.processEvents()
        screen.grabWindow(0).save(path)
    else:
        window.grab().save(path)


def unnamed_controls(root: Any) -> list[str]:
    """Shown controls under `root` that a screen reader could not name: focusable buttons,
    text boxes and sliders, and progress bars, with no accessible name (buttons may read
    their own text instead)."""
    from app.qt import QAbstractButton, QAbstractSlider, QLineEdit, QProgressBar, Qt, QWidget

    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        focusable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if isinstance(widget, (QAbstractButton, QLineEdit, QAbstractSlider)):
            relevant = focusable
        else:
            relevant = isinstance(widget, QProgressBar)
        if not relevant or not widget.isVisible():
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing
