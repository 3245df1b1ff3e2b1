"""Methods, datasets, their aliases and benchmarks: search, paper counts, merge."""

from django import forms
from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify

from papers.admin.base import BigTableAdmin, RefreshFacetsOnDeleteMixin
from papers.admin.merge import merge_selected
from papers.admin.notes import NoteInline, save_note_formset
from papers.extraction import entity_key
from papers.models import (
    Benchmark,
    Dataset,
    DatasetAlias,
    LinkStatus,
    Method,
    MethodAlias,
    Note,
    PaperDataset,
    PaperMethod,
    Result,
)


def _count_of(model, fk: str, **filters):
    """A correlated count, evaluated only for the rows on the page being shown."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{fk: OuterRef("pk")}, **filters)
            .order_by()
            .values(fk)
            .annotate(n=Count("*"))  # COUNT(*): answerable from the index alone
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def unique_slug(model, text: str, pk=None, max_length: int = 255) -> str:
    base = slugify(text)[: max_length - 8] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class EntityForm(forms.ModelForm):
    """The key is what ingest matches names by; left blank, it is made from the name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text = (
            "Match key used by ingest (case and punctuation folded). Leave blank to derive it "
            "from the acronym or name."
        )
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Used in the public URL. Blank: made from the name."

    def clean_slug(self):
        return unique_slug(
            self._meta.model,
            self.cleaned_data.get("slug") or self.cleaned_data.get("name") or "",
            self.instance.pk,
        )

    def clean_key(self):
        key = self.cleaned_data.get("key") or ""
        if not key:
            source = self.cleaned_data.get("acronym") or self.cleaned_data.get("name") or ""
            key = entity_key(source)
        if not key:
            raise forms.ValidationError("Give a name to derive the key from.")
        model = self._meta.model
        if model.objects.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                f"Another {model._meta.verbose_name} already has the key “{key}”: "
                "merge the two instead."
            )
        return key


class AliasInline(admin.TabularInline):
    extra = 1
    fields = ("name", "key")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["key"].required = False
        formset.form.base_fields["key"].help_text = "Blank: derived from the name."
        return formset


class EntityAdmin(RefreshFacetsOnDeleteMixin, BigTableAdmin):
    form = EntityForm
    list_display = ("name", "acronym", "key", "paper_count", "papers_link")
    search_fields = ("name", "acronym", "key", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "acronym", "key", "slug", "description", "created_at")
    readonly_fields = ("created_at",)
    actions = (merge_selected,)
    show_full_result_count = True  # entity tables are small enough to count
    link_model = None
    fk = ""
    filter_parameter = ""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                papers_n=_count_of(
                    self.link_model, self.fk, status__in=[LinkStatus.AUTO, LinkStatus.ACCEPTED]
                ),
                # Sorting by usage counts every link, rejected ones too: an index-only count,
                # ten times cheaper over the whole table than the exact one shown.
                links_n=_count_of(self.link_model, self.fk),
            )
        )

    @admin.display(description="papers", ordering="-links_n")
    def paper_count(self, obj):
        return obj.papers_n

    @admin.display(description="")
    def papers_link(self, obj):
        url = reverse("admin:papers_paper_changelist")
        return format_html('<a href="{}?{}={}">papers →</a>', url, self.filter_parameter, obj.pk)

    def affected_paper_ids(self, queryset):
        ids = set(
            self.link_model.objects.filter(**{f"{self.fk}__in": queryset}).values_list(
                "paper_id", flat=True
            )
        )
        if self.model is Dataset:
            ids |= set(
                Result.objects.filter(benchmark__dataset__in=queryset).values_list(
                    "paper_id", flat=True
                )
            )
        return ids

    def save_formset(self, request, form, formset, change):
        if formset.model is Note:
            save_note_formset(request, formset)
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for alias in instances:
            if not alias.key:
                alias.key = entity_key(alias.name)
            alias.save()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "acronym"} & set(form.changed_data):
            # Search text on papers includes entity names.
            from papers.models import Paper

            ids = self.link_model.objects.filter(**{self.fk: obj}).values_list(
                "paper_id", flat=True
            )
            Paper.objects.refresh_facets(list(ids))


class MethodAliasInline(AliasInline):
    model = MethodAlias


class DatasetAliasInline(AliasInline):
    model = DatasetAlias


class MethodNoteInline(NoteInline):
    fk_name = "method"
    exclude = ("paper", "dataset")


class DatasetNoteInline(NoteInline):
    fk_name = "dataset"
    exclude = ("paper", "method")


@admin.register(Method)
class MethodAdmin(EntityAdmin):
    inlines = (MethodAliasInline, MethodNoteInline)
    link_model = PaperMethod
    fk = "method"
    filter_parameter = "method"


@admin.register(Dataset)
class DatasetAdmin(EntityAdmin):
    inlines = (DatasetAliasInline, DatasetNoteInline)
    link_model = PaperDataset
    fk = "dataset"
    filter_parameter = "dataset"


class AliasAdmin(BigTableAdmin):
    list_display = ("name", "key", "target")
    search_fields = ("name", "key")
    target_field = ""

    def get_fields(self, request, obj=None):
        return ("name", "key", self.target_field)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["key"].required = False
        form.base_fields["key"].help_text = "Blank: derived from the name."
        return form

    def save_model(self, request, obj, form, change):
        if not obj.key:
            obj.key = entity_key(obj.name)
        super().save_model(request, obj, form, change)

    @admin.display(description="alias of")
    def target(self, alias):
        return getattr(alias, self.target_field)


@admin.register(MethodAlias)
class MethodAliasAdmin(AliasAdmin):
    autocomplete_fields = ("method",)
    list_select_related = ("method",)
    target_field = "method"


@admin.register(DatasetAlias)
class DatasetAliasAdmin(AliasAdmin):
    autocomplete_fields = ("dataset",)
    list_select_related = ("dataset",)
    target_field = "dataset"


@admin.register(Benchmark)
class BenchmarkAdmin(RefreshFacetsOnDeleteMixin, BigTableAdmin):
    list_display = ("__str__", "dataset", "metric", "lower_is_better", "result_count")
    list_select_related = ("dataset",)
    list_filter = ("lower_is_better",)
    search_fields = ("metric", "metric_key", "dataset__name", "dataset__acronym")
    autocomplete_fields = ("dataset",)
    fields = ("dataset", "metric", "metric_key", "slug", "lower_is_better")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                results_n=_count_of(Result, "benchmark", status__in=["auto", "accepted"]),
                all_results_n=_count_of(Result, "benchmark"),
            )
        )

    @admin.display(description="results", ordering="-all_results_n")
    def result_count(self, benchmark):
        return benchmark.results_n

    def affected_paper_ids(self, queryset):
        return set(Result.objects.filter(benchmark__in=queryset).values_list("paper_id", flat=True))
