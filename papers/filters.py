"""Parsing the catalogue's query string: a django-filter FilterSet whose fields never fail.

Whatever arrives in the URL (unknown keys, repeated keys, SQL, HTML, NUL bytes, megabytes of
text) is cleaned into a bounded `Selection`; a value the catalogue does not know is dropped, so
a bad link shows the catalogue without that filter instead of an error page.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db import connection
from django.http import QueryDict

from papers.caching import local_memo
from papers.models import Benchmark, Dataset, Method, Paper, Tag

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 255
SORT_CHOICES = {
    "relevance": "Relevance",
    "newest": "Newest",
    "oldest": "Oldest",
    "upvotes": "Most upvoted",
    "title": "Title",
}
# Facet keys, in the order panels and chips are shown.
ENTITY_FACETS = ("method", "dataset", "benchmark", "tag")
FACET_KEYS = (*ENTITY_FACETS, "year", "has_code", "org", "category", "source")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def clean_text(value: str, max_length: int) -> str:
    """Text safe to send to Postgres: no NUL or other control characters, bounded, trimmed."""
    value = "".join(ch if ch.isprintable() else " " for ch in value[: max_length * 4])
    return " ".join(value.split())[:max_length].strip()


class QueryField(forms.CharField):
    def to_python(self, value):
        return clean_text(str(value or ""), MAX_QUERY_LENGTH)


class MultiValueField(forms.Field):
    """Every value of a repeated key, cleaned and deduplicated; bad values are dropped."""

    widget = forms.SelectMultiple

    def __init__(self, *, coerce=str, **kwargs):
        self.coerce = coerce
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        cleaned = []
        for raw in value:
            text = clean_text(str(raw), MAX_VALUE_LENGTH + 1)
            if not text or len(text) > MAX_VALUE_LENGTH:
                continue
            try:
                item = self.coerce(text)
            except (TypeError, ValueError):
                continue
            if item not in cleaned:
                cleaned.append(item)
            if len(cleaned) == MAX_VALUES_PER_FACET:
                break
        return cleaned


def _year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2200:
        raise ValueError(text)
    return year


def _flag(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError(text)


class FacetFilter(django_filters.Filter):
    """One facet: its values OR together (array overlap or IN), facets AND together."""

    field_class = MultiValueField

    def filter(self, qs, value):
        values = self.parent.database_values(self.field_name)
        return qs.filter_facets({self.field_name: values}) if values else qs


class SearchFilter(django_filters.Filter):
    field_class = QueryField

    def filter(self, qs, value):
        return qs.search(value) if value else qs


@dataclass(frozen=True)
class Chosen:
    """A value picked in a facet: as written in the URL, as stored, and as shown."""

    param: str
    value: object
    label: str
    title: str = ""
    url: str = ""


@dataclass
class Selection:
    q: str = ""
    sort: str = "newest"
    chosen: dict[str, list[Chosen]] = field(default_factory=dict)

    def values(self, key: str) -> list:
        return [c.value for c in self.chosen.get(key, [])]

    @property
    def active(self) -> bool:
        return bool(self.q or any(self.chosen.values()))

    def pairs(self, *, replace: tuple[str, list[str]] | None = None) -> list[tuple[str, str]]:
        """(key, value) pairs of the canonical query string, optionally with one facet's
        values replaced: q first, facets in panel order, then sort; never a page."""
        pairs = [("q", self.q)] if self.q else []
        for key in FACET_KEYS:
            params = [c.param for c in self.chosen.get(key, [])]
            if replace and replace[0] == key:
                params = replace[1]
            pairs += [(key, p) for p in params]
        if self.sort != default_sort(self.q):
            pairs.append(("sort", self.sort))
        return pairs

    def query_dict(self) -> QueryDict:
        """The canonical query string of this selection: known keys, cleaned values only."""
        qd = QueryDict(mutable=True)
        for key, value in self.pairs():
            qd.appendlist(key, value)
        return qd

    def toggled(self, key: str, param: str) -> str:
        """The query string with `param` added to facet `key`, or removed if it is there."""
        params = [c.param for c in self.chosen.get(key, [])]
        params = [p for p in params if p != param] if param in params else [*params, param]
        return urlencode(self.pairs(replace=(key, params)))

    def cache_key(self) -> str:
        """Everything facet counts depend on (not sort, not page), in a canonical order."""
        parts = [self.q]
        for key in FACET_KEYS:
            parts.append(",".join(sorted(repr(v) for v in self.values(key))))
        return "|".join(parts)


def default_sort(q: str) -> str:
    return "relevance" if q else "newest"


class CatalogueFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    method = FacetFilter(field_name="method")
    dataset = FacetFilter(field_name="dataset")
    benchmark = FacetFilter(field_name="benchmark")
    tag = FacetFilter(field_name="tag")
    year = FacetFilter(field_name="year", coerce=_year)
    has_code = FacetFilter(field_name="has_code", coerce=_flag)
    org = FacetFilter(field_name="org")
    category = FacetFilter(field_name="category")
    source = FacetFilter(field_name="source")

    class Meta:
        model = Paper
        fields = []

    def __init__(self, data=None, queryset=None, *, version: int | None = None, **kwargs):
        """`version` (the catalogue version) lets slug lookups be reused until it moves."""
        super().__init__(data if data is not None else QueryDict(), queryset, **kwargs)
        self._selection: Selection | None = None
        self._version = version

    @property
    def selection(self) -> Selection:
        """The cleaned selection, with entity slugs resolved to ids in one query."""
        if self._selection is None:
            self.form.is_valid()
            data = self.form.cleaned_data
            q = data.get("q", "")
            sort = self.data.get("sort", "")
            if sort not in SORT_CHOICES or (sort == "relevance" and not q):
                sort = default_sort(q)
            chosen: dict[str, list[Chosen]] = {}
            entities = resolve_slugs(
                {k: data.get(k, []) for k in ENTITY_FACETS}, version=self._version
            )
            for key in ENTITY_FACETS:
                found = entities.get(key, {})
                chosen[key] = [found[slug] for slug in data.get(key, []) if slug in found]
            chosen["year"] = [Chosen(str(y), y, str(y)) for y in data.get("year", [])]
            chosen["has_code"] = [
                Chosen("1" if flag else "0", flag, "With code" if flag else "Without code")
                for flag in data.get("has_code", [])
            ]
            for key in ("org", "category", "source"):
                chosen[key] = [Chosen(v, v, v) for v in data.get(key, [])]
            self._selection = Selection(q=q, sort=sort, chosen=chosen)
        return self._selection

    def database_values(self, key: str) -> list:
        return self.selection.values(key)

    def filter_queryset(self, queryset, *, without: str | None = None):
        """All active filters, or all but one facet's (its own panel counts the others)."""
        self.selection  # noqa: B018 - resolves slugs before any filter runs
        for name, value in self.form.cleaned_data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_without(self, key: str):
        return self.filter_queryset(self.queryset.all(), without=key)


# Slug, label and full name of methods, datasets, benchmarks and tags, looked up by id or by
# slug for many kinds at once (one UNION query); the last two columns build benchmark URLs.
_ENTITY_SQL = {
    "method": "SELECT 'method', id, slug, coalesce(nullif(acronym, ''), name), name, '', ''"
    " FROM papers_method WHERE {column} = ANY(%s)",
    "dataset": "SELECT 'dataset', id, slug, coalesce(nullif(acronym, ''), name), name, '', ''"
    " FROM papers_dataset WHERE {column} = ANY(%s)",
    "benchmark": "SELECT 'benchmark', b.id, b.slug,"
    " b.metric || coalesce(' on ' || coalesce(nullif(d.acronym, ''), d.name), ''), '',"
    " b.metric_key, coalesce(d.slug, '')"
    " FROM papers_benchmark b LEFT JOIN papers_dataset d ON d.id = b.dataset_id"
    " WHERE b.{column} = ANY(%s)",
    "tag": "SELECT 'tag', id, slug, name, description, '', ''"
    " FROM papers_tag WHERE {column} = ANY(%s)",
}


def _entity_url(kind: str, slug: str, metric_key: str, dataset_slug: str) -> str:
    # Unsaved instances carry just what get_absolute_url() reads, so links go through it.
    if kind == "method":
        return Method(slug=slug).get_absolute_url()
    if kind == "dataset":
        return Dataset(slug=slug).get_absolute_url()
    if kind == "tag":
        return Tag(slug=slug).get_absolute_url()
    dataset = Dataset(slug=dataset_slug) if dataset_slug else None
    return Benchmark(metric_key=metric_key, dataset=dataset).get_absolute_url()


def entity_rows(by: str, wanted: dict[str, list]) -> dict[str, dict[object, Chosen]]:
    """{kind: {id or slug: Chosen}} for the wanted ids or slugs; unknown ones are left out."""
    column = "id" if by == "id" else "slug"
    parts, params = [], []
    for kind, values in wanted.items():
        if values:
            parts.append(f"({_ENTITY_SQL[kind].format(column=column)})")
            params.append(sorted(set(values)))
    found: dict[str, dict[object, Chosen]] = {}
    if not parts:
        return found
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, pk, slug, label, name, metric_key, dataset_slug in cursor.fetchall():
            chosen = Chosen(
                slug,
                pk,
                label,
                name if name != label else "",
                _entity_url(kind, slug, metric_key, dataset_slug),
            )
            found.setdefault(kind, {})[pk if by == "id" else slug] = chosen
    return found


def resolve_slugs(
    wanted: dict[str, list[str]], *, version: int | None = None
) -> dict[str, dict[str, Chosen]]:
    if version is None or not any(wanted.values()):
        return entity_rows("slug", wanted)
    key = f"slugs:{version}:" + repr(sorted((k, sorted(v)) for k, v in wanted.items() if v))
    return local_memo(key, lambda: entity_rows("slug", wanted))
