"""Registrations to upcoming meetings, without an account. Only what the organisers need is kept, and not for long.

A registration holds no place until its address is confirmed (the link mailed to it): a stranger cannot fill a
meeting, or mail someone more than a confirmation request, with another person's address. Once confirmed, each
chosen session (or the day itself when the meeting has no sessions) gets a `Seat`, held or on the waiting list.
Registrations are deleted `settings.MAILLAGE_REGISTRATIONS["RETENTION_DAYS"]` days after the meeting; the
anonymous counts (`Tally`) and the participating organisations stay.
"""

from __future__ import annotations

import uuid

from django.db import models


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente de confirmation de l'adresse"
        CONFIRMED = "confirmed", "Confirmée"
        CANCELLED = "cancelled", "Annulée"

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        "resources.MeetingReportPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name="rencontre",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse électronique", max_length=254)
    organisation = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="organisation (annuaire)",
    )
    organisation_name = models.CharField(
        "organisation (proposée)",
        max_length=255,
        blank=True,
        help_text="Une organisation absente de l'annuaire, proposée par la personne : à vérifier avant de l'ajouter.",
    )
    role = models.CharField("fonction", max_length=255, blank=True)
    dietary_needs = models.CharField("régime alimentaire", max_length=500, blank=True)
    accessibility_needs = models.CharField("besoins d'accessibilité", max_length=500, blank=True)
    requested_sessions = models.JSONField(
        default=list, blank=True
    )  # MeetingSession ids, seated on confirmation
    listed = models.BooleanField(
        "accepte de figurer sur la liste des participant·es", default=False
    )
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    mails_sent = models.PositiveSmallIntegerField(
        default=0
    )  # confirmation requests, bounded per registration

    class Meta:
        verbose_name = "inscription"
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"], name="registrations_one_per_meeting"
            )
        ]
        permissions = [
            ("view_registrant_data", "Voir les données des personnes inscrites aux rencontres")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class Seat(models.Model):
    """A place in a session (or in the day, `session` empty), held or on the waiting list (oldest first)."""

    class Status(models.TextChoices):
        HELD = "held", "Place réservée"
        WAITING = "waiting", "Liste d'attente"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    session = models.ForeignKey(
        "resources.MeetingSession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="seats",
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="registrations_one_seat_per_session"
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(session__isnull=True),
                name="registrations_one_seat_for_the_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} : {self.session or 'journée'}"


class Tally(models.Model):
    """The anonymous counts of a meeting, kept after its registrations are deleted."""

    meeting = models.ForeignKey(
        "resources.MeetingReportPage", on_delete=models.CASCADE, related_name="tallies"
    )
    label = models.CharField("session", max_length=255)  # « Journée » or the session's title
    held = models.PositiveIntegerField("inscrit·es")
    waiting = models.PositiveIntegerField("en liste d'attente")
    cancelled = models.PositiveIntegerField("annulations", default=0)

    class Meta:
        verbose_name = "bilan des inscriptions"

    def __str__(self) -> str:
        return f"{self.label} : {self.held}"


class Participation(models.Model):
    """An organisation that took part in a meeting, shown on its report (published by the organisers)."""

    meeting = models.ForeignKey(
        "resources.MeetingReportPage",
        on_delete=models.CASCADE,
        related_name="participating_organisations",
    )
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.CASCADE, related_name="participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                name="registrations_one_organisation_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)
