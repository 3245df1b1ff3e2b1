"""The Paper admin: a fast changelist at 75k papers and a change form built for review.

The change form shows the abstract beside every extracted method, dataset, result and code
link, each with its evidence sentence and accept / reject buttons (plain POST forms, no
JavaScript). A curator's edits to ingested fields are recorded in `curated_fields`, so ingest
never overwrites them; "deleting" an extracted link rejects it, so ingest never brings it back.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from papers.admin import actions as paper_actions
from papers.admin.base import BigTableAdmin
from papers.admin.filters import DatasetFilter, MethodFilter, SourceFilter, TagFilter, YearFilter
from papers.admin.forms import PaperActionForm, PaperForm
from papers.admin.notes import NoteInline, save_note_formset
from papers.admin.widgets import PreloadedAutocompleteInlineMixin
from papers.curation import links as link_curation
from papers.curation.refresh import catalogue_changed
from papers.ingest.records import fingerprint, title_key
from papers.models import (
    LinkStatus,
    Note,
    Origin,
    Paper,
    PaperDataset,
    PaperMethod,
    PaperSource,
    PaperTag,
    RepoLink,
    Result,
)

# Columns a changelist row never shows; leaving them out keeps each page's read small.
CHANGELIST_DEFERRED = (
    "abstract",
    "search_vector",
    "entity_text",
    "comment",
    "authors",
    "categories",
    "source_files",
    "method_ids",
    "dataset_ids",
    "benchmark_ids",
)

ARXIV_ID = re.compile(
    r"^(?:arxiv:\s*)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?P<version>v\d+)?$", re.I
)

# The fields that say *what* a link points at. Changing one on an extracted link is a new,
# curator-made link; the extracted one is kept as rejected so ingest does not restore it.
LINK_IDENTITY = {
    PaperMethod: ("method",),
    PaperDataset: ("dataset",),
    Result: ("benchmark", "value", "kind"),
    RepoLink: ("url",),
}


# ---------------------------------------------------------------------------------------------
# Inlines


class ExtractedLinkInline(PreloadedAutocompleteInlineMixin, admin.TabularInline):
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 48})},
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 48})},
    }
    readonly_fields = ("origin",)
    classes = ("extracted-links",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class PaperMethodInline(ExtractedLinkInline):
    model = PaperMethod
    fields = ("method", "proposed", "status", "origin", "evidence")
    autocomplete_fields = ("method",)
    select_related = ("method",)
    verbose_name = "method"
    verbose_name_plural = "methods (“delete” rejects an extracted one, so ingest keeps it out)"


class PaperDatasetInline(ExtractedLinkInline):
    model = PaperDataset
    fields = ("dataset", "introduced", "status", "origin", "evidence")
    autocomplete_fields = ("dataset",)
    select_related = ("dataset",)
    verbose_name = "dataset"
    verbose_name_plural = "datasets (“delete” rejects an extracted one)"


class ResultInline(ExtractedLinkInline):
    model = Result
    fields = ("benchmark", "value", "unit", "kind", "status", "origin", "evidence")
    autocomplete_fields = ("benchmark",)
    select_related = ("benchmark__dataset",)
    verbose_name = "result"
    verbose_name_plural = "results (“delete” rejects an extracted one)"


class RepoLinkInline(ExtractedLinkInline):
    model = RepoLink
    fields = ("url", "host", "status", "origin", "evidence")
    select_related = ()
    verbose_name = "code or project link"
    verbose_name_plural = "code and project links (“delete” rejects an extracted one)"


class PaperTagInline(PreloadedAutocompleteInlineMixin, admin.TabularInline):
    model = PaperTag
    extra = 0
    fields = ("tag", "tagged_by", "tagged_at")
    readonly_fields = ("tagged_by", "tagged_at")
    autocomplete_fields = ("tag",)
    verbose_name = "tag"
    verbose_name_plural = "tags"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tag", "tagged_by")


class PaperNoteInline(NoteInline):
    fk_name = "paper"
    exclude = ("method", "dataset")


class PaperSourceInline(admin.TabularInline):
    model = PaperSource
    extra = 0
    fields = ("file", "line", "format", "first_seen")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "read from"
    classes = ("collapse",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------------------------
# The changelist


class PaperChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        paginator = self.paginator
        if not getattr(paginator, "estimated", False) or self.show_all:
            return
        # The page itself bounds the estimate: a short page is the last one, so the total is
        # exact; a full one proves at least this many.
        rows = len(self.result_list)  # evaluated here once; the template reuses it
        seen = (self.page_num - 1) * self.list_per_page + rows
        if 0 < rows < self.list_per_page or (rows == 0 and self.page_num == 1):
            total, paginator.estimated = seen, False
        elif seen > paginator.count:
            total = seen
        else:
            return
        paginator.count = total
        paginator.__dict__.pop("num_pages", None)
        paginator.__dict__.pop("page_range", None)
        self.result_count = total
        self.multi_page = total > self.list_per_page
        self.can_show_all = total <= self.list_max_show_all

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*CHANGELIST_DEFERRED).prefetch_related(
            Prefetch(
                "paper_tags",
                queryset=PaperTag.objects.select_related("tag").order_by("tag__name"),
            )
        )


def _highlight(abstract: str, evidence: list[str]) -> str:
    """The abstract as HTML with each evidence sentence found in it marked."""
    spans = []
    for sentence in {e.strip() for e in evidence if e and e.strip()}:
        start = abstract.find(sentence)
        while start != -1:
            spans.append((start, start + len(sentence)))
            start = abstract.find(sentence, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, at = [], 0
    for start, end in merged:
        out.append(escape(abstract[at:start]))
        out.append(f"<mark>{escape(abstract[start:end])}</mark>")
        at = end
    out.append(escape(abstract[at:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


@admin.register(Paper)
class PaperAdmin(BigTableAdmin):
    form = PaperForm
    action_form = PaperActionForm
    actions = (
        paper_actions.add_tag,
        paper_actions.remove_tag,
        paper_actions.mark_reviewed,
        paper_actions.mark_needs_attention,
        paper_actions.mark_new,
    )
    list_display = (
        "short_title",
        "published",
        "title_derived",
        "has_code",
        "review_status",
        "tag_list",
    )
    list_display_links = ("short_title",)
    list_filter = (
        "review_status",
        "has_code",
        YearFilter,
        TagFilter,
        MethodFilter,
        DatasetFilter,
        "title_derived",
        SourceFilter,
    )
    # The search box uses the full-text index (see get_search_results); these name what it
    # covers for the admin's "search" help and its has-search check.
    search_fields = ("title", "abstract", "arxiv_id")
    search_help_text = (
        "Words in the title, abstract, methods and datasets (“quoted phrase”, -exclude, or), "
        "or an exact arXiv id such as 2406.01234."
    )
    list_select_related = ()
    inlines = (
        PaperTagInline,
        PaperMethodInline,
        PaperDatasetInline,
        ResultInline,
        RepoLinkInline,
        PaperNoteInline,
        PaperSourceInline,
    )
    readonly_fields = ("title_derived", "last_run", "created_at", "updated_at", "fingerprint")
    fieldsets = (
        (None, {"fields": ("title", "title_derived", "review_status")}),
        (
            "Source record",
            {"fields": tuple(f for f in Paper.INGESTED_FIELDS if f != "title")},
        ),
        ("Curation", {"fields": ("curated_fields",)}),
        (
            "Provenance",
            {
                "classes": ("collapse",),
                "fields": ("last_run", "fingerprint", "created_at", "updated_at"),
            },
        ),
    )
    save_on_top = True

    def get_ordering(self, request):
        # Matches the paper_newest index, so the first page is an index scan, not a sort.
        return [F("published").desc(nulls_last=True), F("id").desc()]

    def get_changelist(self, request, **kwargs):
        return PaperChangeList

    # -- changelist columns

    @admin.display(description="title", ordering="title")
    def short_title(self, paper):
        return Truncator(str(paper)).chars(110)

    @admin.display(description="tags")
    def tag_list(self, paper):
        return format_html_join(
            " ",
            '<span class="paper-tag" style="border-color:{}">{}</span>',
            ((pt.tag.colour, pt.tag.name) for pt in paper.paper_tags.all()),
        )

    # -- search

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if request.path == reverse("admin:autocomplete"):
            # Typing in an autocomplete box: every word so far, the last one as a prefix.
            words = re.findall(r"\w+", term)[:8]
            if not words:
                return queryset.none(), False
            raw = " & ".join([*words[:-1], f"{words[-1]}:*"])
            query = SearchQuery(raw, search_type="raw", config="english")
        else:
            query = SearchQuery(term, search_type="websearch", config="english")
        condition = Q(search_vector=query)
        if match := ARXIV_ID.match(term):
            base = match["id"]
            condition |= Q(arxiv_id__in={base, base + (match["version"] or "")})
        return queryset.filter(condition), False

    # -- saving

    def save_model(self, request, obj, form, change):
        if change:
            edited = {name for name in form.changed_data if name in Paper.INGESTED_FIELDS}
        else:
            # A paper entered by hand: everything the curator typed is theirs.
            edited = {
                name for name in Paper.INGESTED_FIELDS if getattr(obj, name) not in ("", None, [])
            }
            obj.fingerprint = fingerprint(obj.abstract)
            obj.title_key = title_key(obj.title)
        if "title" in edited:
            obj.title_derived = False
        kept = list(obj.curated_fields or [])
        if "curated_fields" in form.changed_data:
            # The curator ticked or unticked fields by hand; fields edited now are added back.
            kept = list(form.cleaned_data["curated_fields"])
        obj.curated_fields = kept + sorted(edited - set(kept))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        if model in LINK_IDENTITY:
            self._save_link_formset(request, formset)
        elif model is PaperTag:
            instances = formset.save(commit=False)
            for paper_tag in formset.deleted_objects:
                paper_tag.delete()
            for paper_tag in instances:
                paper_tag.tagged_by = request.user
                paper_tag.save()
        elif model is Note:
            save_note_formset(request, formset)
        else:
            formset.save()

    def _save_link_formset(self, request, formset):
        model = formset.model
        identity = LINK_IDENTITY[model]
        formset.save(commit=False)
        deleted, rejected = [], []
        for link in formset.deleted_objects:
            outcome = link_curation.remove(link)
            (rejected if outcome == "rejected" else deleted).append(link)
        for link in formset.new_objects:
            link.origin = Origin.CURATOR
            if link.status == LinkStatus.AUTO:
                link.status = LinkStatus.ACCEPTED
            if model is RepoLink and not link.owner:
                _, link.owner, link.repo = link_curation.parse_repo_url(link.url)
            link.save()
        changed, replaced = [], []
        for link, fields in formset.changed_objects:
            if link.origin == Origin.EXTRACTED and set(fields) & set(identity):
                # Keep the extracted row, rejected; the curator's version is a new row.
                model.objects.filter(pk=link.pk).update(status=LinkStatus.REJECTED)
                replaced.append(model.objects.get(pk=link.pk))
                link.pk = None
                link._state.adding = True
                link.origin = Origin.CURATOR
                if link.status == LinkStatus.AUTO:
                    link.status = LinkStatus.ACCEPTED
                link.save()
                formset.new_objects.append(link)
                continue
            if link.origin == Origin.EXTRACTED and "status" not in fields:
                # A curator who corrects an extracted link has reviewed it.
                link.status = LinkStatus.ACCEPTED
            link.save()
            changed.append((link, fields))
        # What admin's history records: rejections read as changes of status, not deletions.
        formset.changed_objects = changed + [(link, ["status"]) for link in [*rejected, *replaced]]
        formset.deleted_objects = deleted

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Paper.objects.refresh_facets([form.instance.pk])

    # -- the review panel beside the abstract

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self._review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_context(self, request, paper):
        groups = [
            (
                "Methods",
                "method",
                paper.method_links.select_related("method"),
                lambda link: (link.method, "proposed" if link.proposed else ""),
            ),
            (
                "Datasets",
                "dataset",
                paper.dataset_links.select_related("dataset"),
                lambda link: (link.dataset, "introduced" if link.introduced else ""),
            ),
            (
                "Results",
                "result",
                paper.results.select_related("benchmark__dataset"),
                lambda link: (link, link.get_kind_display().lower()),
            ),
            ("Code and project links", "repo", paper.repo_links.all(), lambda link: (link, "")),
        ]
        sections, evidence = [], []
        for title, kind, links, describe in groups:
            model = link_curation.LINK_MODELS[kind]
            can_decide = request.user.has_perm(f"papers.change_{model._meta.model_name}")
            items = []
            for link in links:
                target, flag = describe(link)
                if link.status != LinkStatus.REJECTED and link.evidence:
                    evidence.append(link.evidence)
                target_url = ""
                if kind in ("method", "dataset"):
                    target_url = reverse(f"admin:papers_{kind}_change", args=[target.pk])
                items.append(
                    {
                        "link": link,
                        "label": str(target),
                        "target_url": target_url,
                        "flag": flag,
                        "decide_url": reverse(
                            "admin:papers_paper_link_status", args=[paper.pk, kind, link.pk]
                        )
                        if can_decide
                        else "",
                    }
                )
            sections.append({"title": title, "kind": kind, "items": items})
        return {
            "review_sections": sections,
            "abstract_html": _highlight(paper.abstract, evidence),
        }

    # -- extra admin views

    def get_urls(self):
        from papers.admin.curation_log import recent_curation_view

        urls = [
            path(
                "recent-curation/",
                self.admin_site.admin_view(recent_curation_view),
                name="papers_recent_curation",
            ),
            path(
                "<path:object_id>/links/<str:kind>/<int:link_id>/",
                self.admin_site.admin_view(self.link_status_view),
                name="papers_paper_link_status",
            ),
        ]
        return urls + super().get_urls()

    def link_status_view(self, request, object_id, kind, link_id):
        return require_POST(self._link_status)(request, object_id, kind, link_id)

    def _link_status(self, request, object_id, kind, link_id):
        paper = self.get_object(request, unquote(object_id))
        model = link_curation.LINK_MODELS.get(kind)
        if paper is None or model is None:
            raise Http404("No such paper or link.")
        if not self.has_change_permission(request, paper) or not request.user.has_perm(
            f"papers.change_{model._meta.model_name}"
        ):
            raise PermissionDenied
        link = model.objects.filter(paper=paper, pk=link_id).first()
        if link is None:
            raise Http404("No such link on this paper.")
        status = request.POST.get("status", "")
        if status not in LinkStatus.values:
            messages.error(request, "Choose accept or reject.")
        elif link_curation.set_status(link, status):
            verb = {"accepted": "Accepted", "rejected": "Rejected", "auto": "Reset"}[status]
            message = f"{verb} {model._meta.verbose_name} “{link}”."
            self.log_change(
                request,
                paper,
                [
                    {
                        "changed": {
                            "name": str(model._meta.verbose_name),
                            "object": str(link),
                            "fields": ["Status"],
                        }
                    }
                ],
            )
            messages.success(request, message)
        else:
            messages.info(request, f"“{link}” was already {link.get_status_display().lower()}.")
        catalogue_changed()
        url = reverse("admin:papers_paper_change", args=[paper.pk])
        return HttpResponseRedirect(f"{url}#review-{kind}-{link.pk}")
