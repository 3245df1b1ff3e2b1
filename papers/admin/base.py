"""Shared admin pieces: facet refresh after deletes, estimated counts, curator-aware links."""

from django.contrib import admin

from papers.admin.paginator import EstimatedCountPaginator
from papers.curation.refresh import catalogue_changed
from papers.models import Paper


class CatalogueAdmin(admin.ModelAdmin):
    """Every admin write becomes visible on the public pages at once (see catalogue_changed)."""

    def changeform_view(self, request, *args, **kwargs):
        response = super().changeform_view(request, *args, **kwargs)
        if request.method == "POST":
            catalogue_changed()
        return response

    def changelist_view(self, request, *args, **kwargs):
        response = super().changelist_view(request, *args, **kwargs)
        if request.method == "POST":
            catalogue_changed()
        return response

    def delete_view(self, request, *args, **kwargs):
        response = super().delete_view(request, *args, **kwargs)
        if request.method == "POST":
            catalogue_changed()
        return response


class RefreshFacetsOnDeleteMixin:
    """Deleting rows that feed a paper's facet columns refreshes those papers afterwards."""

    def affected_paper_ids(self, queryset) -> set[int]:
        raise NotImplementedError

    def delete_model(self, request, obj):
        ids = self.affected_paper_ids(type(obj).objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        Paper.objects.refresh_facets(sorted(ids))

    def delete_queryset(self, request, queryset):
        ids = self.affected_paper_ids(queryset)
        super().delete_queryset(request, queryset)
        Paper.objects.refresh_facets(sorted(ids))


class BigTableAdmin(CatalogueAdmin):
    """Changelists over tables that grow with the catalogue: no full COUNT(*) per page."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
