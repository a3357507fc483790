"""The site's colour pairs meet WCAG AA contrast (4.5:1 for text)."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "site" / "static" / "css" / "site.css"


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_have_enough_contrast():
    palette = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", CSS.read_text()))
    pairs = [
        ("ink", "paper"),
        ("muted", "paper"),
        ("muted", "soft"),
        ("accent", "paper"),
        ("accent", "soft"),
        ("ink", "soft"),
    ]
    for fg, bg in pairs:
        assert ratio(palette[fg], palette[bg]) >= 4.5, (fg, bg, ratio(palette[fg], palette[bg]))
    # White text on the header, the buttons and the download link.
    for bg in ("accent", "accent-2"):
        assert ratio("#ffffff", palette[bg]) >= 4.5, bg
    assert ratio("#003b49", "#f2f5f7") >= 7  # the demo logos
