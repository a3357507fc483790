"""Page hygiene takes a shortcut on Latin-1 pages (most French text): it must give exactly what the full set of
passes gives, whatever the page holds (controls, tabs, no-break spaces, soft hyphens, line ends)."""

from __future__ import annotations

import random

import pytest

from extraction import textclean
from extraction.textclean import clean_text

LATIN1 = [chr(c) for c in range(0x100)] + list("économie sociale\n\n-") * 8


def full_passes(text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(textclean, "_latin1", lambda _text: None)
        return clean_text(text)


def test_the_latin1_shortcut_gives_what_every_pass_gives(monkeypatch):
    rng = random.Random(2026)
    for _ in range(5000):
        text = "".join(rng.choice(LATIN1) for _ in range(rng.randint(0, 120)))
        assert clean_text(text) == full_passes(text, monkeypatch), repr(text)


def test_controls_tabs_and_no_break_spaces_on_a_latin1_page():
    assert (
        clean_text("Co\x01op\x9ferative\tde\u00a0l'ESS\x85suite") == "Co op erative de l'ESS\nsuite"
    )
    assert (
        clean_text("éco-\nnomie sociale et soli\u00adda\u00adire")
        == "économie\nsociale et solidaire"
    )
