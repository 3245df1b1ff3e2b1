"""Tags: name, slug, description and colour; rename freely, merge without losing a paper."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from papers.admin.base import BigTableAdmin, CatalogueAdmin, RefreshFacetsOnDeleteMixin
from papers.admin.entities import _count_of, unique_slug
from papers.admin.merge import merge_selected
from papers.models import PaperTag, Tag


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ("name", "slug", "description", "colour")
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Used in the tag's URL. Blank: made from the name."

    def clean_slug(self):
        text = self.cleaned_data.get("slug") or self.cleaned_data.get("name") or ""
        return unique_slug(Tag, text, self.instance.pk, max_length=100)


@admin.register(Tag)
class TagAdmin(RefreshFacetsOnDeleteMixin, CatalogueAdmin):
    form = TagForm
    list_display = ("name", "swatch", "slug", "paper_count", "papers_link")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    actions = (merge_selected,)
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(papers_n=_count_of(PaperTag, "tag"))

    @admin.display(description="colour")
    def swatch(self, tag):
        return format_html(
            '<span class="tag-swatch" style="background:{}" title="{}"></span>',
            tag.colour,
            tag.colour,
        )

    @admin.display(description="papers", ordering="papers_n")
    def paper_count(self, tag):
        return tag.papers_n

    @admin.display(description="")
    def papers_link(self, tag):
        url = reverse("admin:papers_paper_changelist")
        return format_html('<a href="{}?tag={}">papers →</a>', url, tag.pk)

    def affected_paper_ids(self, queryset):
        return set(PaperTag.objects.filter(tag__in=queryset).values_list("paper_id", flat=True))


@admin.register(PaperTag)
class PaperTagAdmin(RefreshFacetsOnDeleteMixin, BigTableAdmin):
    list_display = ("tag", "paper", "tagged_by", "tagged_at")
    list_select_related = ("tag", "paper", "tagged_by")
    list_filter = ("tag",)
    autocomplete_fields = ("paper", "tag")
    readonly_fields = ("tagged_by", "tagged_at")
    fields = ("paper", "tag", "tagged_by", "tagged_at")
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).defer("paper__abstract", "paper__search_vector")

    def save_model(self, request, obj, form, change):
        obj.tagged_by = request.user
        super().save_model(request, obj, form, change)
        from papers.models import Paper

        Paper.objects.refresh_facets([obj.paper_id])

    def affected_paper_ids(self, queryset):
        return set(queryset.values_list("paper_id", flat=True))
