"""The style sheet's colours (UX.md): text at least 4.5:1 against whatever it is drawn on,
the focus ring at least 3:1 against every surface (WCAG 2.1, 1.4.3 and 1.4.11)."""

from __future__ import annotations

from pathlib import Path

from tests.support.contrast import colour_of, contrast, rules

SHEET = Path(__file__).resolve().parents[2] / "resources" / "styles" / "cedu.qss"
TEXT = 4.5
NON_TEXT = 3.0


def sheet() -> dict[str, dict[str, str]]:
    return rules(SHEET.read_text(encoding="utf-8"))


def surfaces(found: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every background that plain text (a rule with no background of its own) sits on."""
    holders = ("QMainWindow", "QDialog", 'QFrame[role="card"]', 'QFrame[role="statusbar"]',
               "QLineEdit", "QProgressBar")
    colours = {name: colour_of(found[name].get("background", "")) for name in holders}
    assert all(colours.values()), colours
    return {name: colour for name, colour in colours.items() if colour}


def test_every_text_colour_reads_at_4_5_to_1_on_what_it_is_drawn_on() -> None:
    found = sheet()
    pages = surfaces(found)
    checked = 0
    for selector, props in found.items():
        text = colour_of(props.get("color", ""))
        if text is None or "::" in selector:
            continue
        own = colour_of(props.get("background", ""))
        grounds = {selector: own} if own else pages
        for where, ground in grounds.items():
            ratio = contrast(text, ground)
            assert ratio >= TEXT, f"{selector} {text} on {where} {ground}: {ratio:.2f}:1"
            checked += 1
    assert checked >= 20


def test_the_progress_label_reads_on_the_filled_and_the_empty_part() -> None:
    found = sheet()
    text = colour_of(found["QProgressBar"].get("color", "")) or colour_of(found["QWidget"]["color"])
    assert text is not None
    for part in ("QProgressBar::chunk", "QProgressBar"):
        ground = colour_of(found[part]["background"])
        assert ground is not None
        assert contrast(text, ground) >= TEXT, f"progress label on {part}"


def test_the_focus_ring_stands_out_on_every_surface() -> None:
    found = sheet()
    pages = surfaces(found)
    rings = {selector: colour_of(props.get("border", ""))
             for selector, props in found.items() if selector.endswith(":focus")}
    assert any("QPushButton" in selector for selector in rings), "buttons need a focus ring"
    for selector, ring in rings.items():
        assert ring is not None, selector
        for where, ground in pages.items():
            ratio = contrast(ring, ground)
            assert ratio >= NON_TEXT, f"{selector} ring {ring} on {where}: {ratio:.2f}:1"
