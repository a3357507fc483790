"""Filtering of resource listings (type, theme, territory, year), shared by listing pages and feeds."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from actors.models import Territory
from resources.models import ResourcePage, Theme
from resources.models.pages import RESOURCE_TYPES

TYPE_CHOICES = [(m._meta.model_name, m.resource_type_label) for m in RESOURCE_TYPES]


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous les types"), *TYPE_CHOICES])
    theme = forms.ModelChoiceField(
        label="Thème", required=False, queryset=Theme.objects.all(), to_field_name="slug", empty_label="Tous"
    )
    territoire = forms.CharField(label="Territoire (code)", required=False, widget=forms.HiddenInput)
    annee = forms.TypedChoiceField(label="Année", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [("", "Toutes")] + [(y, str(y)) for y in (years or [])]

    def querystring_without_page(self) -> str:
        data = {k: v for k, v in (self.data or {}).items() if k != "page" and v}
        return urlencode(data)


def territory_from_key(key: str) -> Territory | None:
    level, _, code = (key or "").partition("-")
    if not code:
        return None
    return Territory.objects.filter(level=level, code=code).first()


def filter_resources(qs: QuerySet[ResourcePage], params) -> tuple[QuerySet[ResourcePage], ResourceFilterForm]:
    years = sorted(
        {y for y in qs.annotate(y=ExtractYear("date")).values_list("y", flat=True) if y}, reverse=True
    )
    form = ResourceFilterForm(params or None, years=years)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("type"):
            models = [m for m in RESOURCE_TYPES if m._meta.model_name == data["type"]]
            qs = qs.type(*models) if models else qs.none()
        if data.get("theme"):
            qs = qs.filter(themes=data["theme"])
        if data.get("territoire"):
            territory = territory_from_key(data["territoire"])
            qs = (
                qs.filter(page_territories__territory__path__startswith=territory.path).distinct()
                if territory
                else qs.none()
            )
        if data.get("annee"):
            qs = qs.filter(date__year=data["annee"])
    return qs.order_by("-date", "-pk"), form
