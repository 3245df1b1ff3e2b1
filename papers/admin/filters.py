"""Changelist filters that stay cheap at 75k papers.

Many-to-many filters read the denormalised, GIN-indexed id arrays on Paper. Lists of choices
never enumerate big tables: methods and datasets offer the most common ones according to
Postgres's statistics (pg_stats, refreshed by autovacuum) plus the one selected, and any other
is reached by `?method=<id>` from the method's "papers" link.
"""

from datetime import date

from django.contrib import admin
from django.db import connection
from django.db.models import Max, Min

from papers.models import Dataset, Method, Paper, Tag


def common_elements(column: str, limit: int, cast: str = "bigint[]") -> list:
    """The most common values in an array column of papers_paper, most common first."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e FROM pg_stats s,
                unnest(s.most_common_elems::text::{cast}, s.most_common_elem_freqs) AS u(e, f)
            WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = %s
              AND e IS NOT NULL
            ORDER BY f DESC, e
            LIMIT %s
            """,
            [Paper._meta.db_table, column, limit],
        )
        return [row[0] for row in cursor.fetchall()]


class _IdArrayFilter(admin.SimpleListFilter):
    """Filter on `<column> @> ARRAY[id]`; choices are the commonest ids plus the selected one."""

    column = ""
    model = None
    limit = 12

    def lookups(self, request, model_admin):
        ids = common_elements(self.column, self.limit)
        selected = self.value()
        if selected and selected.isdigit() and int(selected) not in ids:
            ids.append(int(selected))
        if not ids:
            return []
        found = {o.pk: o for o in self.model.objects.filter(pk__in=ids).only("name", "acronym")}
        return [(str(pk), found[pk].short_name) for pk in ids if pk in found]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{f"{self.column}__contains": [int(value)]})
        return queryset


class MethodFilter(_IdArrayFilter):
    title = "method"
    parameter_name = "method"
    column = "method_ids"
    model = Method


class DatasetFilter(_IdArrayFilter):
    title = "dataset"
    parameter_name = "dataset"
    column = "dataset_ids"
    model = Dataset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"
    limit = 60

    def lookups(self, request, model_admin):
        tags = list(Tag.objects.only("name")[: self.limit])
        selected = self.value()
        if selected and selected.isdigit() and all(str(t.pk) != selected for t in tags):
            tags += list(Tag.objects.filter(pk=selected).only("name"))
        return [("none", "(untagged)")] + [(str(t.pk), t.name) for t in tags]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(tag_ids=[])
        if value and value.isdigit():
            return queryset.filter(tag_ids__contains=[int(value)])
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # Two index lookups, not a scan: the years in between are listed without counting.
        bounds = Paper.objects.order_by().aggregate(first=Min("year"), last=Max("year"))
        if bounds["first"] is None:
            return [("none", "(no date)")]
        years = range(bounds["last"], bounds["first"] - 1, -1)
        return [(str(y), str(y)) for y in years] + [("none", "(no date)")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(published__isnull=True)
        if value and value.isdigit():
            # A date range, not `year=`: the paper_newest index then serves filter and order.
            year = int(value)
            return queryset.filter(
                published__gte=date(year, 1, 1), published__lt=date(year + 1, 1, 1)
            )
        return queryset


class SourceFilter(admin.SimpleListFilter):
    title = "source file"
    parameter_name = "source"
    limit = 20

    def lookups(self, request, model_admin):
        files = common_elements("source_files", self.limit, cast="text[]")
        selected = self.value()
        if selected and selected not in files:
            files.append(selected)
        return [(f, f.rsplit("/", 1)[-1]) for f in files]

    def queryset(self, request, queryset):
        if value := self.value():
            return queryset.filter(source_files__contains=[value])
        return queryset
