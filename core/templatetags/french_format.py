"""`{% load french_format %}`: the French formatting of `core/french.py` as template filters."""

from __future__ import annotations

from django import template

from core import french

register = template.Library()

register.filter("nombre", french.nombre)
register.filter("pluriel_fr", french.pluriel_fr)
register.filter("taille_fichier", french.taille_fichier)
register.filter("date_fr", french.date_fr)
