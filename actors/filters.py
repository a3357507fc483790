"""Filtering the directory (search, territory, legal form, sector, label), shared by the public pages, the
admin export and `export_actors`, so that every export is exactly the list on screen."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import CharField, F, Func, Prefetch, Q, QuerySet
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThan

from actors import word_index
from actors.models import Label, Organisation, Person, RegisterEntry, folded_words
from actors.sirene import labels as register_labels
from taxonomy.models import Territory, Theme


def in_territory(territory: Territory, prefix: str = "", indexed: bool = True) -> Q:
    """Organisations located in the territory: their commune (else the territory they administer) is in it.

    A prefix condition on Organisation.territory_path, which the database answers from an index. An EPCI's
    communes lying in another department than the EPCI's have paths under that department: their prefix is
    added. `indexed=False`: on SQLite, the same rows by a condition that no index answers, so that the list is
    read in its order from the name index (ActorFilterForm.in_name_order)."""
    prefixes = {territory.path}
    if territory.level == Territory.Level.EPCI:
        marker = f"/{territory.key}/"
        for path in territory.children.values_list("path", flat=True):
            if marker in path:
                prefixes.add(path[: path.index(marker) + len(marker)])
    condition = Q()
    for path in sorted(prefixes):
        condition |= _path_prefix(path, f"{prefix}territory_path", indexed)
    return condition


def _path_prefix(path: str, field: str, indexed: bool = True) -> Q:
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores the index; with the column's binary collation a range is exact and indexed.
        end = path[:-1] + chr(ord(path[-1]) + 1)
        if not indexed:
            column = unindexed(field)
            return Q(GreaterThanOrEqual(column, path), LessThan(column, end))
        return Q(**{f"{field}__gte": path, f"{field}__lt": end})
    return Q(
        **{f"{field}__startswith": path}
    )  # PostgreSQL: LIKE 'path%' uses the varchar_pattern_ops index


def unindexed(field: str) -> Func | F:
    """The column as SQLite reads it without an index: the unary + keeps a term from driving an index (SQLite's
    documented hint) and keeps the column's collation, so the comparison is the same. Elsewhere the column."""
    if connection.vendor != "sqlite":
        return F(field)
    return Func(F(field), template="+%(expressions)s", output_field=CharField())


def typed_words(q: str) -> list[str]:
    """The words of the directory's search box, as Organisation.search_text holds them: a typed word matches
    the start of a word of the name, acronym or description, accents and case aside (« periscope » finds
    « Le Périscope », « etabli » « établissement », « rtes » the RTES); a final s or x is optional
    (« ressourceries »), elided articles and one-letter words are left out. Every word is required
    (OrganisationQuerySet.with_word_starts)."""
    words = []
    for word in folded_words(q).split():
        if len(word) < 2:
            continue
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        words.append(word)
    return words


# The register's filters: form field, and the organisation's copy of the code.
REGISTER_FILTERS = (
    ("famille", "register_family"),
    ("activite", "register_sector"),
    ("taille", "register_size"),
)


class ActorFilterForm(forms.Form):
    q = forms.CharField(label="Nom ou mot-clé", required=False, max_length=200)
    territoire = forms.CharField(label="Territoire", required=False, max_length=40)
    forme = forms.ChoiceField(label="Forme juridique", required=False)
    secteur = forms.ChoiceField(label="Secteur", required=False)
    label = forms.ChoiceField(label="Agrément ou label", required=False)
    categorie = forms.ChoiceField(label="Catégorie", required=False)
    # From the Sirene register (actors/sirene/): legal family, sector (NAF section) and size band.
    famille = forms.ChoiceField(
        label="Famille juridique (Sirene)",
        required=False,
        choices=[("", "Toutes"), *register_labels.FAMILIES.items()],
    )
    activite = forms.ChoiceField(
        label="Secteur d'activité (NAF)",
        required=False,
        choices=[("", "Tous"), *((k, v) for k, v in register_labels.SECTORS.items() if k)],
    )
    taille = forms.ChoiceField(
        label="Effectif salarié",
        required=False,
        choices=[("", "Toutes"), *((k, v) for k, v in register_labels.SIZE_BANDS.items() if k)],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forme"].choices = [("", "Toutes"), *Organisation.LegalForm.choices]
        self.fields["secteur"].choices = [("", "Tous"), *Theme.objects.values_list("slug", "name")]
        self.fields["label"].choices = [("", "Tous"), *Label.objects.values_list("slug", "name")]
        self.fields["categorie"].choices = [("", "Toutes"), *Organisation.Category.choices]
        self.territory: Territory | None = None
        self.common_words: bool | None = None  # word_index.is_common's answer for q's words

    def clean_territoire(self) -> str:
        key = self.cleaned_data.get("territoire", "")
        if key:
            self.territory = Territory.from_key(key)
            if self.territory is None:
                raise forms.ValidationError("Territoire inconnu.")
        return key

    def filter(self, qs: QuerySet[Organisation], by_name: bool = False) -> QuerySet[Organisation]:
        """The filtered organisations. `by_name`: the territory's and the codes' conditions left to no index
        (in_name_order)."""
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        words = typed_words(" ".join(data.get("q", "").split()))
        if words:
            if self.common_words is None:  # asked once: in_name_order filters the list again
                self.common_words = word_index.is_common(connection, words)
            qs = qs.with_word_starts(words, self.common_words)
        qs = self.placed(qs, indexed=not by_name)
        if data.get("forme"):
            qs = qs.filter(legal_form=data["forme"])
        if data.get("secteur"):
            qs = qs.filter(themes__slug=data["secteur"])
        if data.get("label"):
            qs = qs.filter(labels__slug=data["label"])
        if data.get("categorie"):
            qs = qs.filter(category=data["categorie"])
        return qs

    def placed(self, qs: QuerySet[Organisation], indexed: bool = True) -> QuerySet[Organisation]:
        """`qs` in the territory and with the register's codes asked: the filters read from the organisation's
        indexes on (code, territory_path, sort_name, id) and (territory_path, …). `indexed=False`: on SQLite, the
        same conditions left to no index (in_name_order)."""
        if self.territory:
            qs = qs.filter(in_territory(self.territory, indexed=indexed))
        for (
            name,
            field,
        ) in REGISTER_FILTERS:  # the organisation's copy of its register codes (REGISTER_CODES)
            if value := self.cleaned_data.get(name):
                qs = (
                    qs.filter(**{field: value})
                    if indexed
                    else qs.filter(Exact(unindexed(field), value))
                )
        return qs

    def in_name_order(self, count: int, rows: int) -> QuerySet[Organisation] | None:
        """The list again, to read its first `rows` organisations in its order once counted (`count`, bounded or
        not), when SQLite does that faster by walking the name index than by its usual plan; None otherwise.

        Only for words too common for the word index (word_index.sqlite_common) with a territory or register
        codes, the only filters: SQLite then reads every organisation they select by their index and sorts the
        matches (Occitanie: 282,000 rows at 500,000 organisations, 0.8 s for « structure »), where the name index
        meets them early. Chosen by word_index.sqlite_walk_by_name; the same rows in the same order either way."""
        if not self.common_words or self.active_beyond("q", "territoire", *dict(REGISTER_FILTERS)):
            return None
        selected = self.placed(Organisation.objects.order_by())
        if not selected.query.has_filters():  # the word alone: SQLite walks the name index already
            return None
        if not word_index.sqlite_walk_by_name(
            connection, count, rows, lambda n: selected[:n].count()
        ):
            return None
        return self.filter(Organisation.objects.all(), by_name=True)

    @property
    def register_filters(self) -> bool:
        """Whether to offer the register's filters: only once the register was imported."""
        return RegisterEntry.objects.exists()

    def querystring(self, **extra) -> str:
        data = {
            k: v for k, v in (self.data or {}).items() if k in self.fields and v and k not in extra
        }
        data.update({k: v for k, v in extra.items() if v})
        return urlencode(data)

    @property
    def active(self) -> bool:
        return any((self.data or {}).get(name) for name in self.fields)

    def active_beyond(self, *names: str) -> bool:
        return any((self.data or {}).get(name) for name in self.fields if name not in names)


def filter_actors(params) -> tuple[QuerySet[Organisation], ActorFilterForm]:
    form = ActorFilterForm(params if params is not None else {})
    return form.filter(Organisation.objects.all()), form


def for_export(qs: QuerySet[Organisation], contacts: bool = True) -> QuerySet[Organisation]:
    """Everything the CSV needs in a few queries per chunk; contacts limited to those who consented."""
    prefetch: list = ["themes", "labels"]
    if contacts:
        consenting = Person.objects.filter(consent=True).order_by("name")
        prefetch.append(Prefetch("people", queryset=consenting, to_attr="contacts"))
    return qs.select_related("commune").prefetch_related(*prefetch).order_by("sort_name", "pk")
