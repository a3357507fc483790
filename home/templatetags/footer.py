"""`{% footer_links %}`: the footer's links, from the site's settings (*Paramètres → Liens du pied de page*)."""

from __future__ import annotations

import logging

from django import template
from django.db import DatabaseError
from wagtail.models import Site

from home.models import FooterLinks, StandardPage

logger = logging.getLogger(__name__)
register = template.Library()


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[dict[str, str]]:
    """[{"label", "url"}, …]: mentions légales, accessibilité (with its RGAA status), données personnelles, contact."""
    request = context.get("request")
    try:
        site = (
            Site.find_for_request(request)
            if request
            else Site.objects.filter(is_default_site=True).first()
        )
        if site is None:
            return []
        links = []
        for page in FooterLinks.for_site(site).pages():
            label = page.get_kind_display()
            if page.kind == StandardPage.Kind.ACCESSIBILITY and page.conformity:
                label = f"{label} : {page.conformity}"
            links.append({"label": label, "url": page.get_url(request=request) or page.url})
        return links
    except DatabaseError:  # the error pages render this too: never turn them into a second error
        logger.exception("footer links unavailable")
        return []
