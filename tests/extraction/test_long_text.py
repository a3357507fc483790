"""A long single-line text file: cut into bounded sections in linear time, or refused fast and clearly.

The former splitter sliced the rest of a giant paragraph off at every cut (quadratic): a 99 MB file took
over eight minutes before failing. The bounds below leave a wide margin (the cut takes seconds).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction import ExtractionError, extract_file, extract_file_isolated
from extraction.text import SECTION_CHARS

UNIT = "l’économie sociale et solidaire du territoire "  # a curly apostrophe: 2 bytes a character in memory


def single_line(path: Path, megabytes: float, *, head: str = "", tail: str = "") -> str:
    body = UNIT * int(megabytes * 1024 * 1024 / len(UNIT.encode()))
    text = f"{head} {body}{tail}" if head else body + tail
    path.write_text(text, encoding="utf-8")
    return text


def test_twenty_megabytes_on_one_line_become_bounded_sections_keeping_every_word(
    tmp_path: Path,
) -> None:
    path = tmp_path / "une-ligne.txt"
    text = single_line(path, 20, head="DEBUTDUTEXTE", tail="FINDUTEXTE")

    doc = extract_file(path, max_pages=5000)

    sizes = [len(p.text) for p in doc.pages]
    assert len(sizes) > len(text) // SECTION_CHARS
    assert max(sizes) <= SECTION_CHARS
    assert min(sizes[:-1]) >= SECTION_CHARS // 2  # cut at a space in the second half of each window
    assert [p.number for p in doc.pages] == list(range(1, len(sizes) + 1))
    assert doc.pages[0].text.startswith("DEBUTDUTEXTE l’économie")
    assert doc.pages[-1].text.endswith("du territoire FINDUTEXTE")
    # Cuts fall on spaces only: no word is split or lost.
    assert " ".join(p.text for p in doc.pages) == text


def test_hundred_megabytes_on_one_line_are_refused_fast_with_the_real_limit(tmp_path: Path) -> None:
    path = tmp_path / "enorme.txt"
    text = single_line(path, 99)
    chars = f"{len(text):,}".replace(",", "\u202f")

    # The production path: a child process with the memory limit of the settings. A clear refusal well
    # within two minutes (the former splitter needed over eight before failing with a misleading message).
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(
            path, timeout=120, memory_limit_mb=1024, max_bytes=100 * 1024 * 1024, max_pages=2000
        )

    error = info.value
    assert error.code == "too_many_pages", repr(error)
    assert f"Le texte compte {chars} caractères" in error.message
    assert "2\u202f000 sections de 6\u202f000 caractères" in error.message
    assert "Découpez-le en plusieurs fichiers plus courts" in error.message
