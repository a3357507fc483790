"""Signals of the taxonomy app, for the apps above it (taxonomy imports none of them)."""

from django.dispatch import Signal

# Sent by the territory loader, inside its transaction, when territories already in the database changed
# (path, parent…): apps that copy territory paths onto their own rows refresh them (actors/signals.py).
territories_moved = Signal()
