"""Ingest runs and paper sources: read-only records of what ingest did."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from papers.admin.base import BigTableAdmin
from papers.models import IngestRun, PaperSource


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "started_at",
        "finished_at",
        "status",
        "dry_run",
        "totals",
        "problem_count",
    )
    list_filter = ("status", "dry_run")
    fields = (
        "started_at",
        "finished_at",
        "status",
        "dry_run",
        "arguments",
        "counts_table",
        "problems_table",
    )
    readonly_fields = fields

    @admin.display(description="created / updated / unchanged / skipped")
    def totals(self, run):
        counts = run.counts or {}
        return " / ".join(
            str(counts.get(k, 0)) for k in ("created", "updated", "unchanged", "skipped")
        )

    @admin.display(description="problems")
    def problem_count(self, run):
        return len(run.problems or [])

    @admin.display(description="counts")
    def counts_table(self, run):
        counts = run.counts or {}
        rows = [(k, v) for k, v in counts.items() if not isinstance(v, dict)]
        files = counts.get("files") or {}
        html = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        file_rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td></tr>",
            (
                (path, ", ".join(f"{k}: {v}" for k, v in (c or {}).items()))
                for path, c in files.items()
            ),
        )
        return format_html("<table>{}{}</table>", html, file_rows)

    @admin.display(description="problems")
    def problems_table(self, run):
        problems = run.problems or []
        if not problems:
            return "none"
        return format_html(
            "<table><tr><th>file</th><th>line</th><th>problem</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (p.get("file", ""), p.get("line", ""), p.get("message", ""))
                    for p in problems[:500]
                ),
            ),
        )


@admin.register(PaperSource)
class PaperSourceAdmin(ReadOnlyAdmin, BigTableAdmin):
    list_display = ("file", "line", "format", "paper", "first_seen")
    list_select_related = ("paper",)
    list_filter = ("format",)
    ordering = ("-id",)
    search_fields = ("=file",)
    autocomplete_fields = ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("paper__abstract", "paper__search_vector", "paper__entity_text")
        )
