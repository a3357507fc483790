"""Real PDF and PPTX files for the demo content, written from what the seed says about each subject.

The seed (the report of 30 November 2023) links documents it does not include; these stand-ins carry
the seed's own sentences and say on every page that they are demonstration documents.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

DEMO_MARK = (
    "Document de démonstration — généré par Maillage à partir du compte rendu du 30 novembre 2023."
)


def make_pdf(title: str, pages: list[list[str]]) -> bytes:
    """A text PDF with one list of paragraphs per page; the first page carries the title."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Maillage (démonstration)")
    story: list = []
    for number, paragraphs in enumerate(pages):
        if number == 0:
            story += [
                Paragraph(escape(title), styles["Title"]),
                Paragraph(escape(DEMO_MARK), styles["Italic"]),
                Spacer(1, 12),
            ]
        else:
            story.append(PageBreak())
        story += [Paragraph(escape(p), styles["BodyText"]) for p in paragraphs]
    doc.build(story)
    return buffer.getvalue()


def make_pptx(title: str, slides: list[tuple[str, list[str]]]) -> bytes:
    """A slide deck: a title slide with the demo mark, then one slide per (heading, bullet points)."""
    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = DEMO_MARK
    for heading, bullets in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        body = slide.placeholders[1].text_frame
        body.text = bullets[0]
        for bullet in bullets[1:]:
            body.add_paragraph().text = bullet
        slide.notes_slide.notes_text_frame.text = DEMO_MARK
    deck.core_properties.title = title
    deck.core_properties.author = "Maillage (démonstration)"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def make_logo(name: str) -> bytes:
    """A stand-in logo: the organisation's name, dark on light (contrast above 7:1), as a PNG."""
    width, height = 480, 240
    image = Image.new("RGB", (width, height), "#f2f5f7")
    draw = ImageDraw.Draw(image)
    words, lines = name.split(), [""]
    size = 48 if len(name) <= 12 else 34
    try:  # a system font with accents (Debian's fonts-dejavu), else Pillow's own
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        font = ImageFont.load_default(size=size)
    for word in words:
        candidate = f"{lines[-1]} {word}".strip()
        if draw.textlength(candidate, font=font) > width - 40 and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = candidate
    line_height = font.size + 10
    top = (height - line_height * len(lines)) // 2
    for n, line in enumerate(lines):
        left = (width - draw.textlength(line, font=font)) // 2
        draw.text((left, top + n * line_height), line, fill="#003b49", font=font)
    draw.rectangle([0, height - 12, width, height], fill="#005f73")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
