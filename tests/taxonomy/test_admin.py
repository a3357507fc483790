"""Themes and territories in the admin since they moved to the taxonomy app."""

import pytest

from taxonomy.models import Theme


@pytest.mark.django_db
def test_admin_addresses_from_before_the_move_redirect(admin_client):
    theme = Theme.objects.create(name="Réemploi")
    response = admin_client.get(f"/admin/snippets/resources/theme/edit/{theme.pk}/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/admin/snippets/taxonomy/theme/edit/{theme.pk}/",
    )
    response = admin_client.get("/admin/actors/territory/?q=31")
    assert (response.status_code, response["Location"]) == (301, "/admin/taxonomy/territory/?q=31")
    assert admin_client.get("/admin/taxonomy/territory/").status_code == 200
    assert admin_client.get(f"/admin/snippets/taxonomy/theme/edit/{theme.pk}/").status_code == 200
