"""The actors' CSV format: columns, reading any reasonable spreadsheet export, writing the same columns back.

Reading streams the file (bounded memory): the encoding is found by a first pass over the bytes (UTF-8,
UTF-8 with BOM, UTF-16 with BOM); a file that is not valid UTF-8 as a whole is decoded line by line (UTF-8
where the line is valid UTF-8, else Windows-1252), so that a file mixing both keeps every accent and the
non-ASCII lines of each encoding are reported. The delimiter comes from the header line (comma, semicolon
or tab). Writing produces exactly the columns import reads, so export → import changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO, TextIO

# Columns import reads and export writes, in this order. `secteurs` and `labels` are separated by "|".
COLUMNS = [
    "nom",
    "forme_juridique",
    "siret",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "site_web",
    "secteurs",
    "sigle",
    "labels",
    "description",
]
# Written by export for mailings (consenting contacts only), ignored by import.
EXPORT_ONLY = ["contacts_noms", "contacts_emails", "contacts_telephones"]
REQUIRED = ["nom"]
MULTI_SEPARATOR = "|"
ALIASES = {
    "nom_de_la_structure": "nom",
    "raison_sociale": "nom",
    "denomination": "nom",
    "structure": "nom",
    "forme": "forme_juridique",
    "statut": "forme_juridique",
    "statut_juridique": "forme_juridique",
    "n_siret": "siret",
    "numero_siret": "siret",
    "siren": "siret",
    "adresse_postale": "adresse",
    "cp": "code_postal",
    "code_postale": "code_postal",
    "ville": "commune",
    "code_commune": "code_insee",
    "insee": "code_insee",
    "code_commune_insee": "code_insee",
    "lat": "latitude",
    "lon": "longitude",
    "lng": "longitude",
    "long": "longitude",
    "site": "site_web",
    "site_internet": "site_web",
    "url": "site_web",
    "siteweb": "site_web",
    "secteur": "secteurs",
    "secteurs_d_activite": "secteurs",
    "themes": "secteurs",
    "acronyme": "sigle",
    "agrements": "labels",
    "agrements_et_labels": "labels",
    "label": "labels",
}
DELIMITERS = [";", ",", "\t"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # control characters but tab, CR and LF


class CsvFormatError(Exception):
    """The file as a whole cannot be read (not a CSV, no header, no `nom` column…): message in French."""


def simplify(text: str) -> str:
    """Lower case, no accents, words joined by "_": 'Forme juridique ' → 'forme_juridique'."""
    text = (
        unicodedata.normalize("NFKD", text.replace("\ufeff", "")).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def canonical_column(header: str) -> str:
    key = simplify(header)
    return ALIASES.get(key, key)


def sniff_encoding(fh: BinaryIO) -> tuple[str, int]:
    """(encoding, number of lines) of a binary file, read once in chunks; the file is rewound."""
    fh.seek(0)
    head = fh.read(4)
    fh.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", sum(chunk.count(b"\n") for chunk in _chunks(fh))
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvFormatError(
            "Ce fichier est un classeur (Excel, LibreOffice), pas un CSV : "
            "enregistrez-le au format CSV puis importez-le."
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, lines, last = True, 0, b""
    for chunk in _chunks(fh):
        if b"\x00" in chunk:
            fh.seek(0)
            raise CsvFormatError(
                "Le fichier contient des caractères nuls : fichier binaire, ou texte UTF-16 "
                "sans marque d'ordre des octets ? Enregistrez-le en CSV UTF-8."
            )
        lines += chunk.count(b"\n")
        last = chunk[-1:]
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if last and last != b"\n":
        lines += 1
    return ("utf-8-sig" if utf8 else "cp1252"), lines


def _chunks(fh: BinaryIO, size: int = 1 << 16) -> Iterator[bytes]:
    while chunk := fh.read(size):
        yield chunk
    fh.seek(0)


class LineDecoder:
    """The text lines of a file that is not valid UTF-8 as a whole, each in its own encoding.

    A line that is valid UTF-8 is read as UTF-8, any other as Windows-1252 (a French Windows-1252 line is
    practically never valid UTF-8). Non-ASCII lines are counted per encoding so that a mix can be reported.
    Offers what csv.reader and read_rows use of a text file: iteration, readline() and detach().
    """

    KEPT = 50  # line numbers remembered per encoding (the counts are exact)

    def __init__(self, fh: BinaryIO) -> None:
        self.line = 0
        self.counts = {"utf-8": 0, "cp1252": 0}
        self.lines: dict[str, list[int]] = {"utf-8": [], "cp1252": []}
        self._lines = self._decoded(fh)

    def _decoded(self, fh: BinaryIO) -> Iterator[str]:
        rest = b""
        for chunk in _chunks(fh):
            lines = (rest + chunk).splitlines(keepends=True)
            # An unfinished line (or a "\r" that may be the first half of "\r\n") waits for the next chunk.
            rest = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
            for raw in lines:
                yield self._decode(raw)
        if rest:
            yield self._decode(rest)

    def _decode(self, raw: bytes) -> str:
        self.line += 1
        if raw.isascii():
            return raw.decode("ascii")
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252", "replace"), "cp1252"
        self.counts[encoding] += 1
        if len(self.lines[encoding]) < self.KEPT:
            self.lines[encoding].append(self.line)
        return text

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return next(self._lines)

    def readline(self) -> str:
        return next(self._lines, "")

    def detach(self) -> None:
        pass

    @property
    def mixed(self) -> bool:
        return all(self.counts.values())


@dataclass
class CsvSource:
    encoding: str
    delimiter: str
    headers: list[str]
    columns: list[str | None]  # canonical name of each position, None when ignored
    ignored: list[str] = field(default_factory=list)
    estimated_rows: int = 0
    header_line: int = 1  # line number of the header in the file (blank lines may precede it)
    lines: LineDecoder | None = None  # set when the file is decoded line by line

    @property
    def present(self) -> set[str]:
        return {c for c in self.columns if c}

    @property
    def encoding_label(self) -> str:
        if self.lines is not None and self.lines.mixed:
            return "UTF-8 et Windows-1252 mélangés (chaque ligne dans son encodage)"
        return {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}.get(
            self.encoding, self.encoding
        )

    def encoding_warning(self) -> str:
        """A French warning naming the non-ASCII lines of each encoding when the file mixes UTF-8 and
        Windows-1252; empty otherwise. Meaningful once the rows have been read."""
        decoder = self.lines
        if decoder is None or not decoder.mixed:
            return ""
        parts = []
        for encoding, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
            count, numbers = decoder.counts[encoding], decoder.lines[encoding]
            listed = ", ".join(str(n) for n in numbers) + ("…" if count > len(numbers) else "")
            plural = "s" if count > 1 else ""
            parts.append(f"{count} ligne{plural} en {name} (ligne{plural} {listed})")
        return (
            f"Encodage mélangé : {parts[0]} et {parts[1]}. Chaque ligne a été lue dans son propre encodage : "
            "vérifiez les accents de ces lignes, et enregistrez à l'avenir le fichier entier en UTF-8."
        )

    @property
    def delimiter_label(self) -> str:
        return {";": "point-virgule", ",": "virgule", "\t": "tabulation"}[self.delimiter]


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    problem: str = ""  # set when the row's shape is wrong (too many or too few cells)


def _choose_delimiter(header_line: str) -> str:
    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        known = sum(1 for c in cells if canonical_column(c) in COLUMNS)
        return known, len(cells)

    return max(DELIMITERS, key=score)


def read_rows(fh: BinaryIO) -> tuple[CsvSource, Iterator[CsvRow]]:
    """Open a CSV (binary file object): its description and an iterator over its data rows."""
    encoding, lines = sniff_encoding(fh)
    text: io.TextIOWrapper | LineDecoder
    if encoding == "cp1252":
        text = decoder = LineDecoder(fh)
    else:
        text, decoder = io.TextIOWrapper(fh, encoding=encoding, newline=""), None
    try:
        header_line = text.readline()
        header_at = 1
        while header_line and not header_line.strip(" \t\r\n;,"):
            header_line = text.readline()  # blank lines (or only separators) before the header
            header_at += 1
    except UnicodeDecodeError as exc:
        text.detach()
        raise CsvFormatError(f"Encodage illisible ({exc}).")
    if not header_line:
        text.detach()
        raise CsvFormatError("Le fichier est vide.")
    delimiter = _choose_delimiter(header_line)
    headers = next(csv.reader([header_line], delimiter=delimiter))
    columns: list[str | None] = []
    ignored: list[str] = []
    for header in headers:
        name = canonical_column(header)
        if name in COLUMNS:
            if name in columns:
                text.detach()
                raise CsvFormatError(f"La colonne « {name} » apparaît deux fois dans l'en-tête.")
            columns.append(name)
        else:
            columns.append(None)
            if header.strip() and name not in EXPORT_ONLY:
                ignored.append(header.strip())
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        text.detach()
        raise CsvFormatError(
            f"Colonne obligatoire absente : {', '.join(missing)}. "
            f"En-tête lu : « {header_line.strip()[:200]} ». "
            f"Colonnes attendues : {', '.join(COLUMNS)}."
        )
    source = CsvSource(
        encoding, delimiter, headers, columns, ignored, max(lines - 1, 0), header_at, decoder
    )
    return source, _iter_rows(text, source)


def _iter_rows(text: io.TextIOWrapper | LineDecoder, source: CsvSource) -> Iterator[CsvRow]:
    reader = csv.reader(text, delimiter=source.delimiter)
    width = len(source.columns)
    previous_end = source.header_line
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                raise CsvFormatError(
                    f"Ligne {previous_end + 1} : fichier CSV illisible à partir d'ici ({exc})."
                )
            line, previous_end = previous_end + 1, reader.line_num + source.header_line
            if not any(c.strip() for c in cells):
                continue
            problem = ""
            if len(cells) > width and (
                len(cells) > width + 1 or cells[-1].strip()
            ):  # one trailing ";" is fine
                problem = (
                    f"{len(cells)} cellules pour {width} colonnes (séparateur « {source.delimiter} » "
                    "dans une valeur sans guillemets ?)"
                )
            elif len(cells) < width:
                problem = f"ligne incomplète : {len(cells)} cellules pour {width} colonnes"
            values = {
                name: _unprotect(_CONTROL.sub("", cell).strip())
                for name, cell in zip(source.columns, cells)
                if name
            }
            yield CsvRow(line, values, problem)
    finally:
        text.detach()


def _unprotect(value: str) -> str:
    """Undo the quote export puts before values a spreadsheet would take for a formula."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        return value[1:]
    return value


def protect(value: str) -> str:
    """Keep spreadsheets from running a value as a formula (CSV injection); numbers are left alone."""
    if value and value[0] in _FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


# --- Writing -----------------------------------------------------------------------------------------


def decimal_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.6f}"


def organisation_row(org, contacts: bool = True) -> list[str]:
    """The CSV cells of an organisation (themes, labels and consenting `contacts` best prefetched).

    Only people who consented appear, and only when `contacts` is True (staff exports, not public ones)."""
    commune = org.commune
    people = []
    if contacts:
        people = getattr(org, "contacts", None)
        if people is None:
            people = [p for p in org.people.order_by("name") if p.consent]
    values = [
        org.name,
        org.get_legal_form_display() if org.legal_form else "",
        org.siret,
        org.address,
        org.postal_code,
        commune.name if commune else "",
        commune.code if commune else "",
        decimal_text(org.latitude),
        decimal_text(org.longitude),
        org.website,
        MULTI_SEPARATOR.join(sorted(t.name for t in org.themes.all())),
        org.acronym,
        MULTI_SEPARATOR.join(sorted(label.name for label in org.labels.all())),
        org.description,
        MULTI_SEPARATOR.join(p.name for p in people),
        MULTI_SEPARATOR.join(p.email for p in people),
        MULTI_SEPARATOR.join(p.phone for p in people),
    ]
    return [protect(v) for v in values]


def write_csv(
    organisations: Iterable, out: TextIO, delimiter: str = ",", contacts: bool = True
) -> int:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS + EXPORT_ONLY)
    n = 0
    for org in organisations:
        writer.writerow(organisation_row(org, contacts))
        n += 1
    return n


def iter_csv(
    organisations: Iterable, delimiter: str = ";", bom: bool = True, contacts: bool = True
) -> Iterator[str]:
    """The CSV as text chunks, for a streaming HTTP response."""

    class Buffer:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Buffer(), delimiter=delimiter, lineterminator="\r\n")
    yield ("\ufeff" if bom else "") + writer.writerow(COLUMNS + EXPORT_ONLY)
    for org in organisations:
        yield writer.writerow(organisation_row(org, contacts))
