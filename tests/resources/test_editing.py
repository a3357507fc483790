"""Editing: the admin in French with help texts, scheduled publishing, the moderation workflow, vocabularies."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow

from resources.models import RESOURCE_TYPES, MeetingReportPage, MeetingSeries, ToolkitPage
from taxonomy.models import Theme
from testing.factories import add
from tests.helpers.admin_forms import form_data, post_data


def test_admin_is_in_french_with_help_texts(client, admin_user, index):
    client.force_login(admin_user)
    html = client.get(
        reverse("wagtailadmin_pages:add", args=["resources", "meetingreportpage", index.pk])
    )
    html = html.content.decode()
    assert '<html lang="fr"' in html
    for text in (
        "Contenu",
        "Classement",
        "Promotion et partage",
        "Publication",
        "Enregistrer le brouillon",
        "Heure de début",
        "Le club ou le cycle dont la rencontre fait partie",
        "Intervenant·es",
        "Document principal",
        "Organisateurs, co-organisateurs, soutiens et financeurs",
    ):
        assert text in html, text


def test_every_editor_field_has_a_help_text():
    from django.apps import apps

    from resources.models import DocumentText, DraftDocumentUse, ResourceDocument

    # Bookkeeping that no editor form shows: extracted text, and which drafts use which document.
    internal = (ResourceDocument, DocumentText, DraftDocumentUse)
    models = [m for m in apps.get_app_config("resources").get_models() if m not in internal]
    assert set(RESOURCE_TYPES) <= set(models)
    for model in models:
        for field in model._meta.concrete_fields + model._meta.many_to_many:
            if field.model is not model or not field.editable or field.name.endswith("_ptr"):
                continue
            if field.name in ("id", "sort_order", "page"):
                continue
            assert field.help_text, f"{model.__name__}.{field.name}"


def test_scheduled_publishing(index, django_capture_on_commit_callbacks):
    page = ToolkitPage(title="Fiche programmée", slug="programmee")
    index.add_child(instance=page)
    page.unpublish()
    page.go_live_at = timezone.now() + timedelta(days=2)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None

    call_command("publish_scheduled", verbosity=0)  # too early: nothing happens
    page.refresh_from_db()
    assert not page.live

    later = timezone.now() + timedelta(days=2, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)  # what cron (or a periodic task) runs
    page.refresh_from_db()
    assert page.live


def test_moderation_workflow_applies_to_resources(index):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None, "Wagtail's default moderation workflow should exist"
    page = add(index, MeetingReportPage(title="Rencontre à valider", slug="a-valider"))
    assert page.get_workflow() == workflow

    editor = get_user_model().objects.create_user("redaction", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    page.title = "Rencontre modifiée à valider"
    page.save_revision(user=editor)
    workflow.start(page, editor)
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert page.current_workflow_task.name  # awaiting moderators


def test_vocabularies_are_chosen_from_lists(client, admin_user, index):
    Theme.objects.create(name="Tiers-lieux")
    MeetingSeries.objects.create(name="Club des collectivités pour l'ESS en Occitanie")
    client.force_login(admin_user)
    html = client.get(
        reverse("wagtailadmin_pages:add", args=["resources", "meetingreportpage", index.pk])
    )
    html = html.content.decode()
    assert (
        'type="checkbox" name="themes"' in html and "Tiers-lieux" in html
    )  # themes: ticked, not typed
    assert (
        "/admin/snippets/choose/resources/meetingseries/" in html
    )  # chosen from the managed lists
    for chooser in ("territoire", "organisation", "personne"):
        assert f"/admin/annuaire/choisir/{chooser}/" in html, chooser  # the directory's choosers
    for name in ("taxonomy_theme", "resources_meetingseries"):
        assert client.get(reverse(f"wagtailsnippets_{name}:list")).status_code == 200


@pytest.mark.parametrize("model", RESOURCE_TYPES, ids=lambda m: m.__name__)
def test_an_empty_slug_is_made_from_the_title(client, admin_user, index, model):
    """An editor who saves before the admin has filled the slug (a quick click, a slow machine) gets a page, not
    « Ce champ est obligatoire » on another tab; a second page of the same title gets its own address; emptying
    the slug of an existing page keeps the address it has."""
    client.force_login(admin_user)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["resources", model._meta.model_name, index.pk]
    )
    for _ in range(2):
        data = post_data(
            form_data(client.get(add_url).content.decode()),
            title="Économie circulaire à Figeac",
            slug="",
            summary="Deux visites.",
        )
        response = client.post(add_url, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
    slugs = sorted(model.objects.values_list("slug", flat=True))
    assert slugs == ["economie-circulaire-a-figeac", "economie-circulaire-a-figeac-2"]

    page = model.objects.get(slug="economie-circulaire-a-figeac")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = post_data(form_data(client.get(edit_url).content.decode()), title="Autre titre", slug="")
    assert client.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    assert page.slug == "economie-circulaire-a-figeac"
    assert page.get_latest_revision_as_object().title == "Autre titre"
