"""Filtering of resource listings (type, theme, territory, year), shared by listing pages, feeds and the widget.

The listing keeps its own map from URL parameter to `ResourcePageQuerySet` method (`FILTERS`); the parameters are
those of the search's facets (search/facet_spec.py), so that a listing's filters and a search's read the same. The
module works on the QuerySet it is given and imports no model: the listing page (resources/models/pages.py) uses it.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse

from resources.resource_types import resource_type_choices
from taxonomy.models import Territory, Theme, level_rank, parse_key

SLUG = re.compile(
    r"[-\w]+"
)  # a theme's slug (the widget, api/views.py, checks theme slugs with it)
# URL parameter → the ResourcePageQuerySet method (resources/models/base.py) that filters by one value
FILTERS: dict[str, str] = {
    "type": "of_type",
    "theme": "with_theme",
    "territoire": "in_territory",
    "annee": "of_year",
}
FILTER_PARAMS = tuple(FILTERS)


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(label="Type de ressource", required=False)
    theme = forms.ModelChoiceField(
        label="Thème",
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="Tous les thèmes",
    )
    # Any territory key is accepted (a stable filter for links and feeds); the list offers those in use.
    territoire = forms.CharField(
        label="Territoire", required=False, max_length=40, widget=forms.Select
    )
    annee = forms.TypedChoiceField(label="Année", required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args,
        years: list[int] | None = None,
        territories: list[Territory] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Tous les types"), *resource_type_choices()]
        self.fields["annee"].choices = [("", "Toutes les années")] + [
            (y, str(y)) for y in (years or [])
        ]
        self.fields["territoire"].widget.choices = [("", "Tous les territoires")] + [
            (t.key, f"{'— ' * level_rank(t.level)}{t.name}") for t in (territories or [])
        ]

    def clean_territoire(self) -> str:
        key = self.cleaned_data.get("territoire", "")
        if key and not parse_key(key):
            raise forms.ValidationError("Territoire inconnu.")
        return key

    def querystring_without_page(self) -> str:
        data = {k: self.data.get(k) for k in FILTER_PARAMS if self.is_bound and self.data.get(k)}
        return urlencode(data)

    def active_filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        values = {k: self.cleaned_data.get(k) for k in FILTER_PARAMS}
        return {k: str(getattr(v, "slug", v)) for k, v in values.items() if v not in (None, "")}


def territories_in_use(qs: QuerySet) -> list[Territory]:
    """The territories of the listed resources and every level above them, region first."""
    keys = {key for path in qs.territory_paths() if path for key in path.strip("/").split("/")}
    territories = Territory.objects.for_keys(keys)
    return sorted(
        territories, key=lambda t: t.path
    )  # a parent's path prefixes its children's: tree order


def apply_filters(qs: QuerySet, **values: str | int | None) -> QuerySet:
    """Narrow `qs`, a ResourcePageQuerySet, by URL parameter (type, theme, territoire, annee), each through its
    method in `FILTERS`; an empty value does not filter."""
    for param, value in values.items():
        if value:
            qs = getattr(qs, FILTERS[param])(value)
    return qs


def filter_resources(qs: QuerySet, params) -> tuple[QuerySet, ResourceFilterForm]:
    years = sorted(
        {y for y in qs.annotate(y=ExtractYear("date")).values_list("y", flat=True) if y},
        reverse=True,
    )
    form = ResourceFilterForm(params or None, years=years, territories=territories_in_use(qs))
    if form.is_bound and form.is_valid():
        qs = apply_filters(qs, **form.active_filters())
    return qs.order_by("-date", "-pk"), form


def feed_path_for(form: ResourceFilterForm) -> str:
    """The RSS feed of what a listing shows: a stable path for one filter, query parameters otherwise."""
    active = form.active_filters()
    paths = {
        "type": "resources:feed_type",
        "theme": "resources:feed_theme",
        "territoire": "resources:feed_territory",
    }
    if len(active) == 1:
        ((name, value),) = active.items()
        if name in paths:
            return reverse(paths[name], kwargs={"value": value, "fmt": "xml"})
    base = reverse("resources:feed", kwargs={"fmt": "xml"})
    return f"{base}?{urlencode(active)}" if active else base
