"""Windows sized to the screen they are on (issue 15).

The province's PCs are mostly 1366x768 (taskbar included), many 1024x768 kiosks, some
1920x1080. A window asks for the size it likes; it gets at most the screen's free area,
centred, and starts maximised when the screen is smaller than what it asked for, so the
main action and the sync state are never below the bottom edge. What does not fit
scrolls (each page keeps its long parts in a scroll area).
"""

from __future__ import annotations

from app.qt import QGuiApplication, QPoint, QRect, QWidget

# The smallest screen the client supports (README); windows keep their minimum under it.
MIN_SCREEN = (1024, 768)


def free_area(window: QWidget) -> QRect:
    """The free part of the window's screen (without the taskbar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Give `window` its preferred size where the screen has room, else the whole free
    area, maximised. Call before the first show."""
    room = free_area(window)
    w, h = min(width, room.width()), min(height, room.height())
    window.setGeometry(room.x() + (room.width() - w) // 2, room.y() + (room.height() - h) // 2,
                       w, h)
    if width > room.width() or height > room.height():
        from app.qt import Qt

        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def fit_dialog(dialog: QWidget, width: int) -> None:
    """Size a dialog of wrapped text to its content at `width` (at most the screen's free
    width), its height asked at that width, and keep it on the screen. Call after its
    content changed (an error shown).

    A top-level layout sets the window's minimum from its widgets' minimum sizes, and a
    word-wrapped label's is one short line: Qt never grows the window for wrapped text, so
    a message set after the first show is cut and the rows above it squeezed into each
    other. Asking the layout's height for the width gives the height the text needs."""
    room = free_area(dialog)
    # The window manager's frame (none on a bare Xvfb): the free area holds frame and all.
    frame = dialog.frameGeometry().size() - dialog.geometry().size()
    w = max(1, min(width, room.width() - frame.width()))
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    h = min(max(dialog.heightForWidth(w), dialog.minimumSizeHint().height()),
            room.height() - frame.height())
    dialog.resize(w, h)
    spot = dialog.frameGeometry()
    spot.moveCenter(room.center())
    spot.moveTopLeft(QPoint(max(room.left(), spot.left()), max(room.top(), spot.top())))
    dialog.move(spot.topLeft())
