"""Admin view of the newsletter block: pick resources (or a date), documents, organisations and external links,
copy the HTML and text."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail.blocks import BlockField, BlockWidget

from resources.models import ResourcePage
from resources.newsletter import (
    DEFAULT_HEADING,
    NewsletterExtrasBlock,
    extra_items,
    newsletter_items,
    render_html,
    render_text,
    resources_since,
)

CHOICES_LIMIT = 100
EXTRAS_BLOCK = NewsletterExtrasBlock()


class ResourceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ResourcePage) -> str:
        published = obj.first_published_at.strftime("%d/%m/%Y") if obj.first_published_at else "?"
        return f"{obj.title} — {obj.specific_class.resource_type_label}, publiée le {published}"


class ExtrasWidget(BlockWidget):
    """The stream of extras; an address without it (or with mangled counters) means none, not a server error."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError):
            return self.block_def.get_default()


class NewsletterForm(forms.Form):
    since = forms.DateField(
        label="Publiées depuis le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "aria-describedby": "since-help"}),
        help_text="Toutes les ressources publiées depuis cette date (en plus de celles cochées ci-dessous).",
    )
    pages = ResourceChoiceField(
        label="Ressources",
        queryset=ResourcePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Les {CHOICES_LIMIT} dernières ressources publiées.",
    )
    extras = BlockField(
        block=EXTRAS_BLOCK,
        widget=ExtrasWidget(EXTRAS_BLOCK),
        label="Documents, structures et liens",
        required=False,
        help_text="Après les ressources, dans cet ordre : un document de la médiathèque (lien vers sa page de "
        "lecture), une structure de l'annuaire, ou un lien externe avec une image et un texte court.",
    )
    heading = forms.CharField(
        label="Titre du bloc", required=False, max_length=120, initial=DEFAULT_HEADING
    )
    campaign = forms.SlugField(
        label="Campagne (utm_campaign)",
        required=False,
        max_length=60,
        help_text="Facultatif : ajoute utm_source, utm_medium et utm_campaign aux liens, ex. : lettre-2024-03.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = ResourcePage.objects.live().public().order_by("-first_published_at", "-pk")
        ids = list(recent.values_list("pk", flat=True)[:CHOICES_LIMIT])
        self.fields["pages"].queryset = ResourcePage.objects.filter(pk__in=ids).order_by(
            "-first_published_at", "-pk"
        )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("since") and not data.get("pages") and not data.get("extras"):
            raise forms.ValidationError(
                "Cochez au moins une ressource, indiquez une date ou ajoutez un élément."
            )
        return data

    def selected_pages(self) -> list[ResourcePage]:
        chosen: dict[int, ResourcePage] = {}
        for page in self.cleaned_data.get("pages") or []:
            chosen[page.pk] = page
        if self.cleaned_data.get("since"):
            for page in resources_since(self.cleaned_data["since"]):
                chosen.setdefault(page.pk, page)
        return sorted(chosen.values(), key=lambda p: (p.first_published_at, p.pk), reverse=True)


def newsletter_block(request: HttpRequest) -> TemplateResponse:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    submitted = "generer" in request.GET
    form = NewsletterForm(request.GET if submitted else None, initial={"heading": DEFAULT_HEADING})
    context: dict = {
        "form": form,
        "items": None,
        "header_title": "Bloc pour la lettre d'information",
    }
    if submitted and form.is_valid():
        heading = form.cleaned_data.get("heading") or ""
        campaign = form.cleaned_data.get("campaign") or ""
        items = newsletter_items(form.selected_pages(), campaign=campaign, request=request)
        items += extra_items(form.cleaned_data.get("extras"), campaign=campaign)
        context.update(
            items=items, html=render_html(items, heading), text=render_text(items, heading)
        )
    return TemplateResponse(request, "resources/newsletter/form.html", context)
