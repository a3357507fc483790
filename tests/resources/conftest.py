"""Fixtures for the resource tests: a site tree, the demo content from the seed, small page builders."""

from __future__ import annotations

from datetime import date

import pytest
from wagtail.models import Page

from tests import factories


@pytest.fixture
def index(db, media_root):
    """Home page as site root, with a published resource listing under it."""
    return factories.site_tree()


@pytest.fixture
def demo(db, media_root):
    """The demo content built by `load_demo` from the seed (without the admin account)."""
    from home.demo.loader import load

    load(log=lambda message: None, with_admin=False)
    from resources.models import MeetingReportPage

    return MeetingReportPage.objects.get(slug="club-occitanie-identifier-mobiliser-acteurs-ess-2023")


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def add(parent: Page, page: Page, **relations) -> Page:
    """Adds `page` under `parent` with its child relations, publishes it and returns it fresh from the DB."""
    page.date = getattr(page, "date", None) or date(2024, 3, 14)
    parent.add_child(instance=page)
    for name, value in relations.items():
        setattr(page, name, value)
    return publish(page)
