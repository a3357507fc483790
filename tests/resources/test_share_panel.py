"""The « Partager » tab of the page editor: the public address, the permanent /r/<id>/ link and a newsletter
link with utm_* parameters, each ready to copy."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from resources.models import MeetingReportPage, ResourceIndexPage


def share_inputs(html: bytes) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        i["data-share-url"]: i["value"]
        for i in soup.select("[data-share-panel] input[data-share-url]")
    }


def test_share_tab_gives_the_three_addresses(admin_client, demo):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    assert any(
        " ".join(t.get_text().split()).startswith("Partager") for t in soup.select("[role=tab]")
    )
    links = share_inputs(response.content)
    root = demo.get_site().root_url
    assert links["public"] == demo.get_full_url()
    assert links["permanent"] == f"{root}/r/{demo.pk}/"
    month = timezone.localdate().strftime("%Y-%m")
    assert links["newsletter"] == (
        f"{root}/r/{demo.pk}/?utm_source=maillage&utm_medium=email&utm_campaign=lettre-{month}"
    )
    assert len(soup.select("[data-share-panel] button[data-action='w-clipboard#copy']")) == 3
    # The links answer: the permanent one redirects to the page and keeps the campaign parameters.
    redirect = admin_client.get(links["newsletter"].removeprefix(root))
    assert redirect.status_code == 301 and redirect["Location"].startswith(demo.url)
    assert "utm_campaign=lettre-" in redirect["Location"]


def test_a_new_page_says_when_the_addresses_appear(admin_client, demo):
    index = ResourceIndexPage.objects.first()
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["resources", "meetingreportpage", index.pk])
    )
    assert "apparaissent ici après le premier enregistrement" in response.content.decode()
    draft = MeetingReportPage(title="Brouillon", live=False)
    index.add_child(instance=draft)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert "n'est pas publiée" in BeautifulSoup(response.content, "html.parser").get_text()
