"""Admins for the link tables themselves: review extracted links across papers.

"Deleting" an extracted link here rejects it, as on the paper form, so ingest never restores it.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from papers.admin.base import BigTableAdmin
from papers.models import (
    LinkStatus,
    Origin,
    Paper,
    PaperDataset,
    PaperMethod,
    RepoLink,
    Result,
)

_PAPER_TEXT = ("paper__abstract", "paper__search_vector", "paper__entity_text")


def _decide(status: str, description: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        model = modeladmin.model
        links = list(
            queryset.exclude(status=status).select_related("paper").defer(*_PAPER_TEXT).order_by()
        )
        model.objects.filter(pk__in=[link.pk for link in links]).update(status=status)
        papers = {link.paper_id: link.paper for link in links}
        Paper.objects.refresh_facets(sorted(papers))
        paper_type = ContentType.objects.get_for_model(Paper)
        LogEntry.objects.bulk_create(
            [
                LogEntry(
                    user_id=request.user.pk,
                    content_type_id=paper_type.pk,
                    object_id=str(link.paper_id),
                    object_repr=str(link.paper)[:200],
                    action_flag=CHANGE,
                    change_message=json.dumps(
                        [
                            {
                                "changed": {
                                    "name": str(model._meta.verbose_name),
                                    "object": str(link),
                                    "fields": ["Status"],
                                }
                            }
                        ]
                    ),
                )
                for link in links
            ],
            batch_size=1000,
        )
        label = LinkStatus(status).label.lower()
        modeladmin.message_user(
            request,
            f"{len(links)} link{'s' if len(links) != 1 else ''} marked {label}.",
            messages.SUCCESS,
        )

    action.__name__ = f"mark_{status}"
    return action


class LinkAdmin(BigTableAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Newest first by primary key: the models' own orderings join and sort the whole table.
    ordering = ("-id",)
    list_filter = ("status", "origin")
    readonly_fields = ("origin",)
    actions = (
        _decide(LinkStatus.ACCEPTED, "Accept selected links"),
        _decide(LinkStatus.REJECTED, "Reject selected links"),
    )

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting extracted links would let ingest bring them back: reject them instead.
        actions.pop("delete_selected", None)
        return actions

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*_PAPER_TEXT)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.origin = Origin.CURATOR
            if obj.status == LinkStatus.AUTO:
                obj.status = LinkStatus.ACCEPTED
        elif obj.origin == Origin.EXTRACTED and "status" not in form.changed_data:
            obj.status = LinkStatus.ACCEPTED
        super().save_model(request, obj, form, change)
        Paper.objects.refresh_facets([obj.paper_id])

    def has_delete_permission(self, request, obj=None):
        # An extracted link is rejected (status, or the action), never deleted: a deleted one
        # would come back with the next ingest. A curator's own links can be deleted.
        if obj is not None and obj.origin == Origin.EXTRACTED:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Paper.objects.refresh_facets([obj.paper_id])


@admin.register(PaperMethod)
class PaperMethodAdmin(LinkAdmin):
    list_display = ("method", "paper", "proposed", "status", "origin")
    list_select_related = ("method", "paper")
    autocomplete_fields = ("paper", "method")
    search_fields = ("method__name", "method__acronym", "evidence")
    fields = ("paper", "method", "proposed", "status", "origin", "evidence")


@admin.register(PaperDataset)
class PaperDatasetAdmin(LinkAdmin):
    list_display = ("dataset", "paper", "introduced", "status", "origin")
    list_select_related = ("dataset", "paper")
    autocomplete_fields = ("paper", "dataset")
    search_fields = ("dataset__name", "dataset__acronym", "evidence")
    fields = ("paper", "dataset", "introduced", "status", "origin", "evidence")


@admin.register(Result)
class ResultAdmin(LinkAdmin):
    list_display = ("__str__", "paper", "status", "origin")
    list_select_related = ("benchmark__dataset", "paper")
    autocomplete_fields = ("paper", "benchmark")
    search_fields = ("benchmark__metric", "benchmark__dataset__name", "evidence")
    fields = ("paper", "benchmark", "value", "unit", "kind", "status", "origin", "evidence")


@admin.register(RepoLink)
class RepoLinkAdmin(LinkAdmin):
    list_display = ("url", "host", "owner", "repo", "paper", "status", "origin")
    list_select_related = ("paper",)
    list_filter = ("host", "status", "origin")
    autocomplete_fields = ("paper",)
    search_fields = ("url", "owner", "repo")
    fields = ("paper", "url", "host", "owner", "repo", "status", "origin", "evidence")
