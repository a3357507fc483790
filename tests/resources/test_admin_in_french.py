"""The admin speaks French: the main listings and forms, rendered for a superuser, show no English label."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from django.urls import reverse

from actors.models import Organisation
from resources.models import ResourceDocument, ResourceIndexPage

PAGE_TYPES = ("meetingreportpage", "learningvisitpage", "toolkitpage", "strategypage")
# What Django and Wagtail show when a label is missing (a field name turned into a title) or left untranslated.
ENGLISH = re.compile(
    r"\b(Updated at|Created at|Sort name|Sort order|Territory path|Extracted unit|Extraction job|File size|File hash|"
    r"Page ptr|Index entries|Name|Title|Status|Number|Text|Ocr|Terms|Legal form|Category|Consent|Level|Kind|"
    r"Search|Add|Edit|Delete|Choose|Save|Published|Updated|Created|Filter|Clear)\b"
)


def admin_pages() -> list[str]:
    org = Organisation.objects.order_by("pk").first()
    document = ResourceDocument.objects.order_by("pk").first()
    index = ResourceIndexPage.objects.first()
    snippets = [
        f"wagtailsnippets_{model}:{view}"
        for model in ("taxonomy_theme", "resources_meetingseries", "maillage_search_synonymgroup")
        for view in ("list", "add")
    ]
    return [
        reverse("actors_organisation_modeladmin_index"),
        reverse("actors_organisation_modeladmin_create"),
        reverse("actors_organisation_modeladmin_edit", args=[org.pk]),
        reverse("actors_organisation_modeladmin_inspect", args=[org.pk]),
        reverse("actors_person_modeladmin_index"),
        reverse("taxonomy_territory_modeladmin_index"),
        reverse("actors_label_modeladmin_index"),
        *(reverse(f"{name}_chooser:choose") for name in ("organisation", "person", "territory")),
        *(reverse(name) for name in snippets),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("maillage_extraction_status"),
        reverse("maillage_search_analytics"),
        *(
            reverse("wagtailadmin_pages:add", args=["resources", kind, index.pk])
            for kind in PAGE_TYPES
        ),
    ]


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "svg"]):
        tag.decompose()
    main = soup.find("main") or soup
    return " ".join(main.get_text(" ").split())


def test_main_admin_pages_show_no_english_label(admin_client, demo):
    english, texts = {}, {}
    for url in admin_pages():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        texts[url] = visible_text(response.content.decode())
        if found := sorted(set(ENGLISH.findall(texts[url]))):
            english[url] = found
    assert english == {}

    assert "Modifié le" in texts[reverse("actors_organisation_modeladmin_index")]
    assert "Territoire parent" in texts[reverse("taxonomy_territory_modeladmin_index")]
    meeting_form = texts[
        reverse(
            "wagtailadmin_pages:add",
            args=["resources", "meetingreportpage", ResourceIndexPage.objects.first().pk],
        )
    ]
    assert (
        "Ajouter une organisation" in meeting_form and "Ajouter un·e intervenant·e" in meeting_form
    )
    assert "Ajouter un(e)" not in meeting_form
    document_page = texts[
        reverse("wagtaildocs:edit", args=[ResourceDocument.objects.order_by("pk").first().pk])
    ]
    assert "Kio" not in document_page and re.search(r"\d+(,\d)? (ko|Mo|octets)", document_page)
    extraction_page = texts[reverse("maillage_extraction_status")]
    assert re.search(
        r"\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
        r"décembre) \d{4} \d\d:\d\d",
        extraction_page,
    )


BROKEN_FRENCH = re.compile(
    r"un\(e\)|Le/la|le/la|Nouveau Personne|Nouveau Organisation|Moderators approval|"
    r"e\.g http://domain\.com"
)


def test_directory_screens_say_une_personne_and_workflows_read_in_french(admin_client, demo):
    texts = {}
    urls = {
        "persons": reverse("actors_person_modeladmin_index"),
        "new_person": reverse("actors_person_modeladmin_create"),
        "new_org": reverse("actors_organisation_modeladmin_create"),
        "new_territory": reverse("taxonomy_territory_modeladmin_create"),
        "page": reverse("wagtailadmin_pages:edit", args=[demo.pk]),
    }
    for key, url in urls.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        texts[key] = visible_text(html)
        assert not BROKEN_FRENCH.search(html), (url, BROKEN_FRENCH.search(html)[0])
    assert "Ajouter une personne" in texts["persons"]
    assert "Nouvelle personne" in texts["new_person"]
    assert "Nouvelle organisation" in texts["new_org"]
    assert "Nouveau territoire" in texts["new_territory"]
    page_html = admin_client.get(urls["page"]).content.decode()
    assert "Soumettre au circuit « Relecture par les modérateurs »" in page_html
    assert "La fin de l'adresse de la page" in texts["page"]
    response = admin_client.post(urls["new_org"], {"name": "", "category": "ess_actor"})
    assert "L'organisation n'a pas pu être créée : corrigez les erreurs ci-dessous." in " ".join(
        BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    )
    response = admin_client.post(
        urls["new_person"],
        {"name": "Camille Martin", "position": "", "email": "", "phone": ""},
        follow=True,
    )
    assert "Personne « Camille Martin » créée." in " ".join(
        BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    )


def test_committed_translations_are_compiled_from_their_source(tmp_path):
    # The .mo is committed (`make run` needs no gettext): it must be the compilation of the .po beside it.
    import shutil
    import subprocess

    from django.conf import settings

    source = settings.BASE_DIR / "site" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (Debian package gettext) is needed to check the translations"
    subprocess.run([msgfmt, "-c", "-o", str(tmp_path / "django.mo"), str(source)], check=True)
    assert (tmp_path / "django.mo").read_bytes() == source.with_suffix(".mo").read_bytes()
