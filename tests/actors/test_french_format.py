"""French formatting filters used by the public templates: dates, file sizes, numbers and plurals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.french import date_fr, nombre, pluriel_fr, taille_fichier

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (500, "500 octets"),
        (2048, f"2{NBSP}ko"),
        (15_000, f"15{NBSP}ko"),
        (1_234_567, f"1,2{NBSP}Mo"),
        (5 * 1024**3, f"5{NBSP}Go"),
        (None, ""),
        ("abc", ""),
    ],
)
def test_file_sizes_in_french_units(size, text):
    assert taille_fichier(size) == text
    assert "Kio" not in taille_fichier(size) and "Mio" not in taille_fichier(size)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2023-11-30", "30 novembre 2023"),
        (date(2023, 12, 1), "1er décembre 2023"),
        (date(2024, 2, 9), "9 février 2024"),
        ("", ""),
        (None, ""),
        ("n'importe quoi", ""),
        ("2023-02-30", ""),
    ],
)
def test_dates_written_out(value, text):
    assert date_fr(value) == text


def test_a_moment_is_dated_as_seen_in_france():
    late_evening_utc = datetime(2023, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Paris
    assert date_fr(late_evening_utc) == "1er décembre 2023"


def test_numbers_and_plurals():
    assert nombre(83758) == f"83{NBSP}758"
    assert nombre(3.5) == "3,5"
    assert [pluriel_fr(n) for n in (0, 1, 2)] == ["", "", "s"]


def test_resource_page_shows_its_date_and_file_size_in_french(client, db, media_root):
    from testing import factories

    index = factories.site_tree()
    document = factories.document(b"%PDF-1.4 " + b"x" * 3000, title="Fiche", filename="fiche.pdf")
    page = factories.meeting(
        index, "Rencontre du 1er", date=date(2023, 12, 1), main_document=document
    )
    html = client.get(page.url).content.decode()
    assert ">1er décembre 2023</time>" in html
    download = html.split('class="download"', 1)[-1][:400]
    assert f"(PDF, 2,9{NBSP}ko)" in download and "Kio" not in html and "octets" not in html, (
        download
    )
