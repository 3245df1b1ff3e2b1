"""Bulk actions on the paper changelist. Each reports what it changed and logs it per paper."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry

from papers.curation import tagging
from papers.models import Paper, ReviewStatus


def _papers(n: int) -> str:
    return f"{n} paper{'' if n == 1 else 's'}"


def _log(request, paper_ids, message: str) -> None:
    """One history entry per changed paper, so each paper's history shows the bulk change."""
    if not paper_ids:
        return
    papers = Paper.objects.filter(pk__in=paper_ids).only("title")
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=papers,
        action_flag=CHANGE,
        change_message=message,
    )


def _selected_ids(queryset) -> list[int]:
    return list(queryset.prefetch_related(None).order_by().values_list("pk", flat=True))


def _chosen_tag(modeladmin, request):
    form = modeladmin.action_form(request.POST)
    tag = form.fields["tag"].clean(request.POST.get("tag")) if request.POST.get("tag") else None
    if tag is None:
        modeladmin.message_user(
            request, "Choose a tag in the “Tag” box next to the action first.", messages.WARNING
        )
    return tag


@admin.action(description="Add tag to selected papers", permissions=["change"])
def add_tag(modeladmin, request, queryset):
    tag = _chosen_tag(modeladmin, request)
    if tag is None:
        return
    result = tagging.add_tag(_selected_ids(queryset), tag, user=request.user)
    _log(request, result.changed, f"Added tag “{tag.name}”.")
    text = f"Tagged {_papers(len(result.changed))} with “{tag.name}”"
    if result.unchanged:
        text += f"; {_papers(len(result.unchanged))} already had it"
    modeladmin.message_user(request, text + ".", messages.SUCCESS)


@admin.action(description="Remove tag from selected papers", permissions=["change"])
def remove_tag(modeladmin, request, queryset):
    tag = _chosen_tag(modeladmin, request)
    if tag is None:
        return
    result = tagging.remove_tag(_selected_ids(queryset), tag)
    _log(request, result.changed, f"Removed tag “{tag.name}”.")
    text = f"Removed “{tag.name}” from {_papers(len(result.changed))}"
    if result.unchanged:
        text += f"; {_papers(len(result.unchanged))} did not have it"
    modeladmin.message_user(request, text + ".", messages.SUCCESS)


def _status_action(status: ReviewStatus, description: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        result = tagging.set_review_status(_selected_ids(queryset), status)
        label = status.label.lower()
        _log(request, result.changed, f"Changed review status to “{label}”.")
        text = f"Marked {_papers(len(result.changed))} {label}"
        if result.unchanged:
            n = len(result.unchanged)
            text += f"; {_papers(n)} already {'was' if n == 1 else 'were'}"
        modeladmin.message_user(request, text + ".", messages.SUCCESS)

    action.__name__ = f"mark_{status.value}"
    return action


mark_reviewed = _status_action(ReviewStatus.REVIEWED, "Mark selected papers reviewed")
mark_needs_attention = _status_action(
    ReviewStatus.NEEDS_ATTENTION, "Mark selected papers as needing attention"
)
mark_new = _status_action(ReviewStatus.NEW, "Mark selected papers new (not yet reviewed)")
