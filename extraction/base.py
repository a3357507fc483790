"""Data types and the error type shared by every extractor.

Kept free of Django and of the extractor modules so that each extractor (and the
isolated child process) can import it cheaply; the format table (formats.py) is stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from . import formats


@dataclass(frozen=True)
class ExtractedPage:
    number: int  # 1-based page (PDF), slide (decks) or section number
    text: str  # NFC-normalised, ligatures expanded, end-of-line hyphenation repaired
    ocr: bool = False  # True when the text came from OCR


@dataclass
class ExtractedDocument:
    format: str  # a format's name (formats.py)
    unit: str  # "page", "slide" or "section" (formats.UNIT_LABELS)
    pages: list[ExtractedPage]
    title: str = ""
    author: str = ""
    created: datetime | None = None
    # Non-fatal remarks in French (OCR unavailable on a page, extension not matching the content...).
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All pages joined by blank lines."""
        return "\n\n".join(p.text for p in self.pages if p.text)

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "unit": self.unit,
            "title": self.title,
            "author": self.author,
            "created": self.created.isoformat() if self.created else None,
            "warnings": list(self.warnings),
            "pages": [{"number": p.number, "text": p.text, "ocr": p.ocr} for p in self.pages],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ExtractedDocument:
        created = data.get("created")
        return cls(
            format=data["format"],
            unit=data["unit"],
            pages=[
                ExtractedPage(int(p["number"]), p["text"], bool(p.get("ocr")))
                for p in data["pages"]
            ],
            title=data.get("title") or "",
            author=data.get("author") or "",
            created=datetime.fromisoformat(created) if created else None,
            warnings=list(data.get("warnings") or []),
        )


# Default French messages per code; extractors may pass a more specific one.
MESSAGES = {
    "encrypted": "Le document est protégé par un mot de passe : déposez une version sans mot de passe.",
    "corrupt": "Le fichier est endommagé ou incomplet et ne peut pas être lu : "
    "ré-enregistrez-le depuis le logiciel d'origine puis déposez-le à nouveau.",
    "empty_file": "Le fichier est vide (0 octet) : vérifiez le fichier puis déposez-le à nouveau.",
    "too_large": "Le fichier est trop volumineux pour être analysé : "
    "déposez une version allégée (images compressées, document découpé).",
    "unsupported": f"Format non pris en charge : déposez {formats.accepted_formats()}.",
    "timeout": "L'analyse du fichier a pris trop de temps et a été interrompue : "
    "déposez une version plus légère (moins de pages ou d'images).",
    "too_many_pages": "Le document compte trop de pages pour être analysé : déposez-le en plusieurs parties.",
    "bomb": "Le fichier compressé se décompresse en un volume anormalement grand et a été refusé "
    "par sécurité : ré-enregistrez-le depuis le logiciel d'origine.",
    "mislabelled": "L'extension du fichier ne correspond pas à son contenu : "
    "vérifiez qu'il s'agit du bon fichier et déposez-le avec la bonne extension.",
    "crashed": "L'analyse du fichier a échoué de façon inattendue : "
    "ré-enregistrez-le depuis le logiciel d'origine (ou en PDF) puis déposez-le à nouveau.",
    "not_found": "Le fichier est introuvable ou illisible sur le serveur : déposez-le à nouveau.",
}


class ExtractionError(Exception):
    """A clean, expected failure: `code` is for machines, `message` is French for editors."""

    code: str
    message: str

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES.get(code, "Le fichier n'a pas pu être analysé.")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ExtractionError({self.code!r}, {self.message!r})"

    def __reduce__(self):  # keep code and message through pickling
        return (type(self), (self.code, self.message))


def check_size(size: int, max_bytes: int) -> None:
    """The size limit of uploads and extractions (one check, one message): ExtractionError when over it."""
    if size == 0:
        raise ExtractionError("empty_file")
    if size > max_bytes:
        raise ExtractionError(
            "too_large",
            f"Le fichier pèse {human_size(size)}, au-delà de la limite de {human_size(max_bytes)} : "
            "déposez une version allégée (images compressées) ou découpez le document.",
        )


def human_size(n: int) -> str:
    """A size in French: « 1,5 Mo », « 12 Ko », « 300 octets »."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} Mo".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} Ko"
    return f"{n} octets"
