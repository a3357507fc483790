"""CSV import and export of actors: hostile files, de-duplication, updates, round trip, all-or-nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from actors.csv_io import CsvFormatError, LineDecoder
from actors.importer import import_actors
from actors.models import Label, Organisation, Person
from taxonomy.models import Territory, Theme

HEADER = "nom;forme_juridique;siret;adresse;code_postal;commune;code_insee;latitude;longitude;site_web;secteurs"


def run(text: str | bytes, encoding: str = "utf-8", **kwargs):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return import_actors(io.BytesIO(data), index=False, **kwargs)


def reasons(report) -> dict[int, str]:
    return {r.line: r.reason for r in report.rejected}


@pytest.fixture
def actors_csv():
    return (
        "\n".join(
            [
                HEADER,
                "La Rafistolerie;Association;;2 rue du Lac;31320;Castanet-Tolosan;31113;43,516;1,498;"
                "rafistolerie.fr;Réemploi|Insertion",
                "Les Tabliers Solidaires;SCIC;732 829 320 00074;1 place;31520;Ramonville-Saint-Agne;;;;;"
                "Alimentation",
                "Picojoule;association loi 1901;;;;Toulouse;31555;43.6045;1.4442;https://picojoule.org;",
            ]
        )
        + "\n"
    )


def test_import_creates_actors_in_their_real_commune(occitanie, actors_csv):
    report = run(actors_csv)
    assert (report.created, report.updated, report.rejected_count) == (3, 0, 0)
    tabliers = Organisation.objects.get(name="Les Tabliers Solidaires")
    assert tabliers.siret == "73282932000074" and tabliers.legal_form == "scic"
    assert tabliers.commune.code == "31446"  # found by name + postal code
    assert tabliers.commune.ancestor_keys() == [
        "region-76",
        "department-31",
        "epci-243100633",
        "commune-31446",
    ]
    rafistolerie = Organisation.objects.get(name="La Rafistolerie")
    assert (
        rafistolerie.latitude == Decimal("43.516")
        and rafistolerie.website == "https://rafistolerie.fr"
    )
    assert sorted(rafistolerie.themes.values_list("name", flat=True)) == ["Insertion", "Réemploi"]
    assert Organisation.objects.get(name="Picojoule").legal_form == "association"
    assert report.new_sectors == ["Réemploi", "Insertion", "Alimentation"]


def test_dry_run_writes_nothing_and_reports_the_same(occitanie, actors_csv):
    dry = run(actors_csv, dry_run=True)
    assert dry.created == 3 and not Organisation.objects.exists()
    from taxonomy.models import Theme

    assert not Theme.objects.exists()
    real = run(actors_csv)
    assert (real.created, real.updated, real.unchanged) == (dry.created, dry.updated, dry.unchanged)


def test_reimport_updates_instead_of_duplicating(occitanie, actors_csv):
    run(actors_csv)
    changed = actors_csv.replace("1 place;31520", "3 avenue Tolosane;31520").replace(
        "2 rue du Lac", "4 rue du Lac"
    )
    report = run(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(siret="73282932000074").address == "3 avenue Tolosane"
    # by SIRET even when the name changed
    report = run(HEADER + "\nLes Tabliers (SCIC);SCIC;73282932000074;;;;31446;;;;\n")
    assert report.updated == 1 and Organisation.objects.count() == 3
    assert Organisation.objects.get(siret="73282932000074").name == "Les Tabliers (SCIC)"


def test_name_and_commune_match_gains_a_siret_and_empty_siret_keeps_it(occitanie):
    run(HEADER + "\nLe Co-Mains;Association;;;;;31446;;;;\n")
    run(HEADER + "\nLe Co-Mains;Association;552 081 317 00018;;;;31446;;;;\n")
    org = Organisation.objects.get()
    assert org.siret == "55208131700018"
    report = run(
        HEADER + "\nle co-mains;Association;;;;;31446;;;;\n"
    )  # same name, other spelling, no SIRET
    org.refresh_from_db()
    assert report.updated == 1 and org.siret == "55208131700018" and org.name == "le co-mains"
    assert Organisation.objects.count() == 1


def test_rejected_rows_are_reported_with_their_reason(occitanie):
    rows = [
        HEADER,
        "Bonne ligne;SCOP;;;;;31555;;;;",  # 2
        "Clé fausse;SCOP;73282932000075;;;;31555;;;;",  # 3
        ";Association;;;;;31555;;;;",  # 4
        "Nulle part;Association;;;;Atlantis;;;;;",  # 5
        "Forme bizarre;Société anonyme;;;;;31555;;;;",  # 6
        "Demi position;Association;;;;;31555;43.6;;;",  # 7
        "Mauvais site;Association;;;;;31555;;;pas un site;",  # 8
        "Trop de cellules;Association;;1; rue;;;31555;;;;;",  # 9
        "Code et nom;Association;;;;Ramonville;31555;;;;",  # 10
        "Homonyme;Association;;;;Saint-Martin;;;;;",  # 11
        "Excel;SCOP;7.3282932E+13;;;;31555;;;;",  # 12
        "Bonne ligne;SCOP;;;;;31555;;;;",  # 13 duplicate of line 2
        "Latitude folle;Association;;;;;31555;143.6;1.4;;",  # 14
        "Code postal;Association;;;ABCDE;;31555;;;;",  # 15
        "Courte;Association",  # 16
    ]
    report = run("\n".join(rows))
    got = reasons(report)
    assert report.created == 1 and Organisation.objects.count() == 1
    assert "clé de contrôle" in got[3]
    assert got[4] == "nom manquant"
    assert "commune inconnue" in got[5] and "Atlantis" in got[5]
    assert "forme juridique inconnue" in got[6]
    assert "latitude et longitude" in got[7]
    assert "site web invalide" in got[8]
    assert "cellules pour 11 colonnes" in got[9]
    assert "désigne Toulouse" in got[10]
    assert "commune ambiguë" in got[11] or "commune inconnue" in got[11]
    assert "tableur" in got[12]
    assert "doublon de la ligne 2" in got[13]
    assert "latitude hors limites" in got[14]
    assert "code postal invalide" in got[15]
    assert "ligne incomplète" in got[16]
    assert str(report.rejected[0]).startswith("Ligne 3 (Clé fausse) : ")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_encodings_and_delimiters(occitanie, encoding, delimiter):
    lines = [
        ["nom", "forme_juridique", "commune", "code_insee", "secteurs"],
        ["Régie de quartier Élan", "Association", "Toulouse", "31555", "Économie circulaire"],
        ["Cœur d'Occitanie", "Coopérative", "Ramonville-Saint-Agne", "", ""],
    ]
    text = "\r\n".join(delimiter.join(cells) for cells in lines) + "\r\n"
    report = run(text.encode(encoding))
    assert report.rejected_count == 0, report.rejected
    assert report.source.delimiter == delimiter
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Régie de quartier Élan",
        "Cœur d'Occitanie",
    }
    assert (
        Organisation.objects.get(name="Régie de quartier Élan").themes.get().name
        == "Économie circulaire"
    )


def test_mixed_utf8_and_cp1252_lines_keep_their_accents_and_are_reported(occitanie):
    """A spreadsheet pasted from two sources: most lines UTF-8, one in Windows-1252 (line 4)."""
    data = b"".join(
        [
            b"nom;forme_juridique;commune;code_insee;secteurs\r\n",
            "Régie de quartier Élan;Association;Toulouse;31555;Économie circulaire\r\n".encode(),
            b"Picojoule;Association;Toulouse;31555;\r\n",
            "Cœur d'Occitanie;Coopérative;Toulouse;31555;Réemploi\r\n".encode("cp1252"),
            "Café associatif « Le Détour »;Association;Toulouse;31555;Économie circulaire\r\n".encode(),
        ]
    )
    report = run(data)
    assert report.rejected_count == 0, report.rejected
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Régie de quartier Élan",
        "Picojoule",
        "Cœur d'Occitanie",
        "Café associatif « Le Détour »",
    }
    assert Organisation.objects.get(name="Cœur d'Occitanie").themes.get().name == "Réemploi"
    assert sorted(Theme.objects.values_list("name", flat=True)) == [
        "Réemploi",
        "Économie circulaire",
    ]
    summary = "\n".join(report.summary())
    assert (
        "Attention : Encodage mélangé : 2 lignes en UTF-8 (lignes 2, 5) et 1 ligne en Windows-1252 (ligne 4)."
        in summary
    )
    assert "UTF-8 et Windows-1252 mélangés" in summary


def test_mostly_cp1252_file_names_its_utf8_lines(occitanie):
    lines = [("nom;commune;code_insee\n", "cp1252")]
    lines += [(f"Coopérative n°{i};Toulouse;31555\n", "cp1252") for i in range(1, 6)]
    lines.insert(3, ("Épicerie solidaire;Toulouse;31555\n", "utf-8"))
    lines.insert(5, ("Fédération;Toulouse;31555\n", "utf-8"))
    report = run(b"".join(text.encode(encoding) for text, encoding in lines))
    assert report.created == 7 and report.rejected_count == 0
    assert {"Épicerie solidaire", "Fédération", "Coopérative n°5"} <= set(
        Organisation.objects.values_list("name", flat=True)
    )
    assert report.source.encoding_warning().startswith(
        "Encodage mélangé : 2 lignes en UTF-8 (lignes 4, 6) et 5 lignes en Windows-1252 (lignes 2, 3, 5, 7, 8)."
    )


def test_single_encoding_files_get_no_mixing_warning(occitanie, actors_csv):
    for data in (actors_csv.encode("cp1252"), actors_csv.encode("utf-8")):
        report = run(data, dry_run=True)
        assert report.source.encoding_warning() == ""
        assert not any("mélangé" in line for line in report.summary())


def test_line_decoder_across_chunks_and_line_endings():
    head = b"x" * ((1 << 16) - 1)  # the "\r" of the first "\r\n" ends the first 64 KiB chunk
    data = (
        head + b"\r\n" + "é".encode("cp1252") + b"\r" + "è".encode() + b"\n" + "à".encode("cp1252")
    )
    decoder = LineDecoder(io.BytesIO(data))
    assert list(decoder) == [head.decode() + "\r\n", "é\r", "è\n", "à"]
    assert decoder.counts == {"utf-8": 1, "cp1252": 2} and decoder.lines == {
        "utf-8": [3],
        "cp1252": [2, 4],
    }


def test_row_lines_count_blank_lines_before_the_header(occitanie):
    report = run("\n\nnom;siret\nBon;\nMauvais;123\n")
    assert reasons(report) == {5: "un SIRET compte 14 chiffres (ici 3) : « 123 »"}


def test_header_aliases_quotes_and_blank_lines(occitanie):
    text = (
        '\n"Raison sociale","Statut","N° SIRET","Ville","Code commune","Colonne perso"\n'
        '"Le 100e Singe, tiers-lieu","SCIC","","Toulouse","31555","x"\n\n'
        '"Les ""Ateliers""\nsur deux lignes","Association","","Toulouse","31555",""\n'
    )
    report = run(text)
    assert report.rejected_count == 0 and report.created == 2
    assert report.source.ignored == ["Colonne perso"]
    assert Organisation.objects.filter(name="Le 100e Singe, tiers-lieu").exists()
    assert Organisation.objects.filter(name='Les "Ateliers" sur deux lignes').exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "vide"),
        (b"PK\x03\x04\x14\x00\x06\x00binary xlsx", "classeur"),
        (b"forme;siret\nSCOP;\n", "Colonne obligatoire absente : nom"),
        (b"nom;nom\na;b\n", "deux fois"),
        (b"nom;commune\nok;31555\nbad\x00null;x\n", "caractères nuls"),
    ],
)
def test_unreadable_files_are_refused_whole(occitanie, content, message):
    with pytest.raises(CsvFormatError, match=message):
        run(content)
    assert not Organisation.objects.exists()


def test_nothing_half_written_on_failure(occitanie, actors_csv, monkeypatch):
    from actors.importer import Importer

    calls = {"n": 0}
    original = Importer.apply

    def failing_apply(self, batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disque plein")
        return original(self, batch)

    monkeypatch.setattr(Importer, "apply", failing_apply)
    with pytest.raises(RuntimeError):
        run(actors_csv, batch_size=1)
    assert not Organisation.objects.exists()


def test_strict_mode_imports_nothing_when_a_row_is_rejected(occitanie, actors_csv):
    report = run(actors_csv + "Sans commune;Association;;;;Atlantis;;;;;\n", strict=True)
    assert report.aborted and report.rejected_count == 1 and not Organisation.objects.exists()


def test_export_then_import_changes_nothing(occitanie, actors_csv):
    run(actors_csv)
    org = Organisation.objects.get(name="Picojoule")
    org.description = '=HYPERLINK("http://evil")\r\nsur deux lignes; avec "guillemets"  \n'
    org.address = "  12  rue Léon\u00a0Blum "
    org.acronym = "+PJ"
    org.longitude = Decimal("-1.553600")
    org.save()
    org.labels.add(Label.objects.create(name="Agrément ESUS", kind="agreement"))
    Person.objects.create(
        name="Alice Martin",
        email="alice@example.org",
        organisation=org,
        consent=True,
        consent_date="2024-01-02",
    )
    Person.objects.create(name="Bob Sans Accord", email="bob@example.org", organisation=org)
    before = snapshot()
    out = io.StringIO()
    call_command("export_actors", stdout=out)
    csv_text = out.getvalue()
    assert "alice@example.org" in csv_text and "bob@example.org" not in csv_text
    assert "'=HYPERLINK" in csv_text and "'+PJ" in csv_text and ",-1.553600," in csv_text
    report = run(csv_text)
    assert (report.created, report.updated, report.unchanged, report.rejected_count) == (0, 0, 3, 0)
    assert snapshot() == before
    assert run(csv_text).unchanged == 3  # and again


def snapshot():
    return [
        (
            o.name,
            o.acronym,
            o.legal_form,
            o.siret,
            o.address,
            o.postal_code,
            o.commune_id,
            o.latitude,
            o.longitude,
            o.website,
            o.description,
            sorted(o.themes.values_list("pk", flat=True)),
            sorted(o.labels.values_list("pk", flat=True)),
            o.updated_at,
        )
        for o in Organisation.objects.order_by("pk")
    ]


def test_export_filters(occitanie, actors_csv):
    run(actors_csv)
    run(HEADER + "\nAilleurs;SCOP;;;;;34172;;;;\n")  # Montpellier, Hérault
    out = io.StringIO()
    call_command("export_actors", territoire="department-31", stdout=out)
    assert "Picojoule" in out.getvalue() and "Ailleurs" not in out.getvalue()
    out = io.StringIO()
    call_command("export_actors", territoire="epci-243100633", forme="scic", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("Les Tabliers Solidaires,SCIC,")
    out = io.StringIO()
    call_command("export_actors", secteur="reemploi", separateur=";", stdout=out)
    assert out.getvalue().splitlines()[1].startswith("La Rafistolerie;Association;")
    with pytest.raises(CommandError, match="Territoire inconnu"):
        call_command("export_actors", territoire="department-99", stdout=io.StringIO())


def test_import_command_dry_run_report(occitanie, tmp_path, actors_csv):
    path = tmp_path / "acteurs.csv"
    path.write_text(actors_csv + "Sans nom ni rien;;123;;;;;;;;\n", encoding="cp1252")
    out = io.StringIO()
    call_command("import_actors", str(path), dry_run=True, stdout=out)
    text = out.getvalue()
    assert "Ligne 5 (Sans nom ni rien) : un SIRET compte 14 chiffres (ici 3)" in text
    assert "Simulation (rien n'a été enregistré)" in text and "3 acteur(s) à créer" in text
    assert "Windows-1252" in text and not Organisation.objects.exists()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_actors", str(tmp_path / "absent.csv"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Fichier refusé"):
        (tmp_path / "vide.csv").write_bytes(b"")
        call_command("import_actors", str(tmp_path / "vide.csv"), stdout=io.StringIO())


def test_commune_found_from_postal_code_or_name(occitanie):
    report = run(
        "nom;code_postal;commune;code_insee\nA;31520;;\nB;;;31446\nC;31000;toulouse;\nD;31200;;\n"
    )
    assert reasons(report) == {}
    assert set(Organisation.objects.values_list("commune__code", flat=True)) == {"31446", "31555"}
    assert not Territory.objects.filter(
        level="commune", code="31446", organisations__name="C"
    ).exists()
