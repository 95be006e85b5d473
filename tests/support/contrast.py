"""WCAG 2.x contrast of two sRGB colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio),
and the colour pairs of a Qt style sheet."""

from __future__ import annotations

import re


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(d * 2 for d in hex_digits)
    r, g, b = (int(hex_digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rules(sheet: str) -> dict[str, dict[str, str]]:
    """selector -> {property: value}; comments dropped, a selector list split up."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", sheet):
        props = dict(
            (name.strip(), value.strip())
            for name, value in (p.split(":", 1) for p in body.split(";") if ":" in p)
        )
        for selector in selectors.split(","):
            found.setdefault(selector.strip(), {}).update(props)
    return found


def colour_of(value: str) -> str | None:
    """The first #rgb / #rrggbb in a property value (`3px solid #1f2328` -> `#1f2328`)."""
    match = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    return match.group(0) if match else None
