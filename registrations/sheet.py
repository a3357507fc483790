"""The attendance sheet (« feuille d'émargement ») of a meeting as a PDF to print: one table per session, people
holding a place in alphabetical order, an empty column to sign; blank lines for people who come unregistered."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.french import date_fr
from registrations.booking import DAY
from registrations.models import Registration, Seat

BLANK_LINES = 5


def attendance_sheet(meeting) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"Feuille d'émargement — {meeting.title}",
        author="Maillage",
    )
    seats = (
        Seat.objects.filter(
            registration__meeting=meeting,
            registration__status=Registration.Status.CONFIRMED,
            status=Seat.Status.HELD,
        )
        .select_related("registration", "registration__organisation", "session")
        .order_by("registration__last_name", "registration__first_name")
    )
    by_session: dict = {}
    for seat in seats:
        by_session.setdefault(seat.session, []).append(seat.registration)
    sessions = list(meeting.sessions.all()) or [None]
    story = []
    for number, session in enumerate(sessions):
        if number:
            story.append(PageBreak())
        story.append(Paragraph(escape(f"Feuille d'émargement — {meeting.title}"), styles["Title"]))
        when = date_fr(meeting.date) + (f", {meeting.hours}" if meeting.hours else "")
        place = meeting.full_address
        story.append(Paragraph(escape(f"{when}{' — ' + place if place else ''}"), styles["Normal"]))
        label = f"{session.get_kind_display()} : {session.title}" if session else DAY
        if session and session.hours:
            label += f" ({session.hours})"
        people = by_session.get(session, [])
        story.append(
            Paragraph(
                escape(f"{label} — {len(people)} inscrit·e{'s' if len(people) > 1 else ''}"),
                styles["Heading2"],
            )
        )
        story.append(Spacer(1, 0.3 * cm))
        cell = styles["BodyText"]
        rows = [["Nom", "Prénom", "Organisation", "Fonction", "Signature"]]
        rows += [
            [
                Paragraph(escape(r.last_name), cell),
                Paragraph(escape(r.first_name), cell),
                Paragraph(escape(r.organisation_label), cell),
                Paragraph(escape(r.role), cell),
                "",
            ]
            for r in people
        ]
        rows += [["", "", "", "", ""] for _ in range(BLANK_LINES)]
        table = Table(
            rows,
            colWidths=[3.3 * cm, 3 * cm, 4.5 * cm, 3.2 * cm, 4 * cm],
            repeatRows=1,
            rowHeights=[0.8 * cm] + [1.1 * cm] * (len(rows) - 1),
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f0f2")),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#4a4a55")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
