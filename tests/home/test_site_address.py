"""Absolute links on the address the site is served at, its system check, and utm_* kept through redirects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.checks import WARNING, run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from core.checks import check_site_address
from resources.models import ToolkitPage
from resources.newsletter import newsletter_items, render_html
from testing.factories import add
from tests.helpers.html_meta import meta

UTM = {"utm_source": "lettre", "utm_medium": "email", "utm_campaign": "mars-2024"}


def test_set_site_address_puts_every_absolute_link_on_that_address(client, index):
    page = add(index, ToolkitPage(title="Fiche n°4", slug="fiche-4"))
    call_command("set_site_address", url="http://127.0.0.1:8000")
    call_command("set_site_address", url="http://127.0.0.1:8000")  # idempotent
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, Site.objects.count()) == ("127.0.0.1", 8000, 1)

    expected = "http://127.0.0.1:8000/ressources/fiche-4/"
    html = client.get(page.url).content.decode()
    assert f'Adresse de cette page : <a href="{expected}">' in html
    tags = meta(html)
    assert tags["canonical"] == expected and tags["og:url"] == expected
    assert f"<loc>{expected}</loc>" in client.get("/sitemap.xml").content.decode()
    assert f'href="{expected}"' in render_html(newsletter_items([page]))

    call_command("set_site_address", url="https://ressources.example.fr/")
    assert (
        meta(client.get(page.url).content.decode())["canonical"]
        == "https://ressources.example.fr/ressources/fiche-4/"
    )


def test_set_site_address_reads_the_environment(index, monkeypatch):
    monkeypatch.setenv("MAILLAGE_SITE_URL", "https://ressources.example.fr")
    call_command("set_site_address")
    assert Site.objects.get(is_default_site=True).root_url == "https://ressources.example.fr"


@pytest.mark.parametrize(
    "url, message",
    [
        ("ressources.example.fr", "Adresse invalide"),
        ("ftp://example.fr", "Adresse invalide"),
        ("http://example.fr:99999", "Adresse invalide"),
        ("https://example.fr:8443", "port 443"),
        ("https://example.fr/ressources/", "ni chemin"),
        ("", "Indiquez l'adresse"),
    ],
)
def test_set_site_address_refuses_bad_addresses_in_french(index, monkeypatch, url, message):
    monkeypatch.delenv("MAILLAGE_SITE_URL", raising=False)
    with pytest.raises(CommandError, match=message):
        call_command("set_site_address", url=url)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_make_run_sets_the_address_runserver_serves():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "set_site_address --url http://$(HOST):$(PORT)" in run
    assert (
        run.index("load_demo")
        < run.index("set_site_address")
        < run.index("runserver $(HOST):$(PORT)")
    )


def test_system_check_warns_while_the_site_is_localhost_with_debug_off(index, settings):
    settings.DEBUG = False
    [warning] = [
        m for m in run_checks(databases=["default"]) if m.id == "maillage.W001"
    ]  # what migrate runs
    assert warning.level == WARNING
    assert "http://localhost" in warning.msg and "set_site_address" in warning.hint
    assert check_site_address() == []  # a database check: not run without a database
    settings.DEBUG = True
    assert check_site_address(databases=["default"]) == []
    settings.DEBUG = False
    call_command("set_site_address", url="https://ressources.example.fr")
    assert check_site_address(databases=["default"]) == []


def test_utm_parameters_survive_the_permanent_address(client, index):
    page = add(index, ToolkitPage(title="Fiche", slug="fiche"))
    response = client.get(f"/r/{page.pk}/", {**UTM, "autre": "x"})
    assert response.status_code == 301
    path, query = response["Location"].split("?")
    assert path.endswith("/ressources/fiche/")
    assert sorted(query.split("&")) == sorted(f"{k}={v}" for k, v in UTM.items())
    assert client.get(f"/r/{page.pk}/")["Location"].endswith(
        "/ressources/fiche/"
    )  # nothing added without utm


def test_utm_parameters_survive_the_redirect_of_a_renamed_page(
    client, index, django_capture_on_commit_callbacks
):
    page = add(index, ToolkitPage(title="Fiche n°4", slug="fiche-4"))
    old_url = page.url
    page.slug = "kit-rtes-fiche-4"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(old_url, {"utm_source": "lettre", "utm_campaign": "été 2024"})
    assert response.status_code == 301
    assert re.search(
        r"/ressources/kit-rtes-fiche-4/\?utm_source=lettre&utm_campaign=%C3%A9t%C3%A9\+2024$",
        response["Location"],
    )
    assert client.get(response["Location"]).status_code == 200
