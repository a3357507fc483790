"""System check: absolute links must not point to localhost once the site is deployed."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning
from django.db import DatabaseError
from wagtail.models import Site

from core.site_address import is_local


def check_site_address(app_configs=None, databases=None, **kwargs) -> list[Warning]:
    """A database check: run by `migrate` (so at each deploy) and by `check --database default`."""
    if settings.DEBUG or not databases or "default" not in databases:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # database not migrated yet (fresh install): nothing to check
        return []
    if site is None or not is_local(site):
        return []
    return [
        Warning(
            f"Le site par défaut a pour adresse {site.root_url} : les liens absolus (adresse des pages, lien "
            "canonique, plan du site, lettre d'information) pointeront vers cette machine locale.",
            hint="Réglez l'adresse publique : manage.py set_site_address --url https://votre-domaine "
            "(ou la variable MAILLAGE_SITE_URL), ou dans l'administration, Paramètres > Sites.",
            obj=site,
            id="maillage.W001",
        )
    ]
