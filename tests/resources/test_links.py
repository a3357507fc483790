"""Links that newsletters trust: stable URLs, redirects after a rename or a move, canonical and share tags."""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

from resources.models import MeetingReportPage, ResourceIndexPage, ToolkitPage
from testing.factories import add, image
from tests.helpers.html_meta import meta


def test_renaming_a_slug_redirects_the_old_url_permanently(
    client, index, django_capture_on_commit_callbacks
):
    page = add(index, ToolkitPage(title="Fiche n°4", slug="fiche-4"))
    old_url = page.url
    assert client.get(old_url).status_code == 200

    page.slug = "kit-rtes-fiche-4"
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # Wagtail signals the new slug once committed
        page.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/ressources/kit-rtes-fiche-4/")
    assert client.get(response["Location"]).status_code == 200

    # Renamed again: the newsletter's first link still lands on the page.
    page.slug = "connaitre-et-mobiliser-les-acteurs"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(old_url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(
        "/ressources/connaitre-et-mobiliser-les-acteurs/"
    )
    assert Redirect.objects.filter(is_permanent=True).count() >= 2


def test_moving_a_page_redirects_the_old_url(client, index, django_capture_on_commit_callbacks):
    archive = index.get_parent().add_child(
        instance=ResourceIndexPage(title="Archives", slug="archives")
    )
    archive.save_revision().publish()
    page = add(index, MeetingReportPage(title="Rencontre de 2023", slug="rencontre-2023"))
    old_url = page.url
    with django_capture_on_commit_callbacks(execute=True):
        page.move(archive, pos="last-child")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/archives/rencontre-2023/")


def test_the_permanent_address_follows_the_page(client, index):
    page = add(index, ToolkitPage(title="Fiche", slug="fiche"))
    page.slug = "fiche-renommee"
    page.save_revision().publish()
    response = client.get(f"/r/{page.pk}/")
    assert response.status_code == 301 and response["Location"].endswith(
        "/ressources/fiche-renommee/"
    )
    page.unpublish()
    assert client.get(f"/r/{page.pk}/").status_code == 404


def test_tracking_parameters_render_the_same_page_with_the_canonical_url(client, index):
    page = add(
        index,
        ToolkitPage(
            title="Fiche n°4", slug="fiche-4", summary="Connaître et mobiliser les acteurs."
        ),
    )
    plain = client.get(page.url)
    tracked = client.get(
        page.url,
        {
            "utm_source": "lettre",
            "utm_medium": "email",
            "utm_campaign": "mars-2024",
            "mc_cid": "abc",
        },
    )
    assert tracked.status_code == 200
    assert tracked.content == plain.content
    tags = meta(tracked.content.decode())
    assert tags["canonical"] == page.full_url and "utm_" not in tags["canonical"]
    assert tags["og:url"] == page.full_url


def test_open_graph_and_twitter_tags(client, index):
    page = add(
        index,
        ToolkitPage(
            title="Fiche n°4", slug="fiche-4", summary="Connaître et mobiliser les acteurs."
        ),
    )
    tags = meta(client.get(page.url).content.decode())
    assert tags["og:title"] == tags["twitter:title"] == "Fiche n°4"
    assert tags["og:description"] == tags["description"] == "Connaître et mobiliser les acteurs."
    assert tags["og:type"] == "article" and tags["og:locale"] == "fr_FR"
    assert tags["twitter:card"] == "summary" and "og:image" not in tags


def test_share_image_is_chosen_or_taken_from_the_gallery(client, index):
    photo = image("Photo de groupe", "photo-de-groupe.png")
    page = add(
        index,
        MeetingReportPage(
            title="Rencontre",
            slug="rencontre",
            gallery=[("photo", {"image": photo, "alt": "", "caption": "Le groupe"})],
        ),
    )
    tags = meta(client.get(page.url).content.decode())
    assert tags["twitter:card"] == "summary_large_image"
    assert (
        tags["og:image"].startswith("http://localhost/media/images/")
        and tags["og:image"] == tags["twitter:image"]
    )
    assert (
        "photo-de-groupe" in tags["og:image"]
        and tags["og:image:alt"] == "Les participants au Périscope"
    )
    assert (
        1.85 < int(tags["og:image:width"]) / int(tags["og:image:height"]) < 1.95
    )  # cropped to 1200×630's ratio

    chosen = image("Image de partage", "image-de-partage.png")
    page.share_image = chosen
    page.save_revision().publish()
    tags = meta(client.get(page.url).content.decode())
    assert "image-de-partage" in tags["og:image"]
    assert MeetingReportPage.objects.get(pk=page.pk).get_share_image() == chosen
