"""404 and 500 pages in French, in the site's layout."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("casse/", broken), *site_urlpatterns]


@pytest.mark.django_db
def test_404_is_french_in_the_layout(client):
    response = client.get("/ressources/nexiste-pas/ici/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.h1.get_text() == "Page introuvable"
    assert soup.select_one(".site-header nav") and soup.select_one(".site-footer")


@pytest.mark.django_db
def test_500_renders_the_french_template(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/casse/")
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.h1.get_text() == "Une erreur est survenue"
    assert soup.select_one(".site-footer")
