"""The "Merge selected…" admin action for methods, datasets and tags: preview, then confirm."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import DELETION, LogEntry
from django.db.models import Count
from django.template.response import TemplateResponse

from papers.curation.merge import MergeError, merge, plan_merge
from papers.models import Dataset, Method, PaperDataset, PaperMethod, PaperTag, Tag

MAX_MERGE = 50

_LINKS = {
    Method: (PaperMethod, "method"),
    Dataset: (PaperDataset, "dataset"),
    Tag: (PaperTag, "tag"),
}


def _paper_counts(model, ids) -> dict[int, int]:
    link_model, fk = _LINKS[model]
    rows = (
        link_model.objects.filter(**{f"{fk}_id__in": ids})
        .values_list(f"{fk}_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


@admin.action(description="Merge selected…", permissions=["change"])
def merge_selected(modeladmin, request, queryset):
    model = modeladmin.model
    objects = list(queryset.order_by("pk")[: MAX_MERGE + 1])
    if len(objects) < 2:
        modeladmin.message_user(
            request, "Select two or more to merge: the one to keep and the others.", messages.INFO
        )
        return None
    if len(objects) > MAX_MERGE:
        modeladmin.message_user(request, f"Merge at most {MAX_MERGE} at a time.", messages.WARNING)
        return None
    counts = _paper_counts(model, [o.pk for o in objects])
    by_id = {str(o.pk): o for o in objects}
    survivor = by_id.get(request.POST.get("survivor", "")) or max(
        objects, key=lambda o: (counts.get(o.pk, 0), -o.pk)
    )
    others = [o for o in objects if o.pk != survivor.pk]

    confirmed = request.POST.get("confirm") == "yes"
    # Merge only what the curator saw: a survivor changed after the preview shows it again.
    if confirmed and request.POST.get("previewed") == str(survivor.pk):
        try:
            plan = merge(survivor, others)
        except MergeError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            return None
        summary = plan.summary()
        modeladmin.log_change(request, survivor, summary)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=others,
            action_flag=DELETION,
            change_message=f"Merged into “{survivor}” (id {survivor.pk}).",
        )
        modeladmin.message_user(request, summary, messages.SUCCESS)
        return None

    plan = plan_merge(survivor, others)
    opts = model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {opts.verbose_name_plural}",
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "objects": [(o, counts.get(o.pk, 0)) for o in objects],
        "survivor": survivor,
        "plan": plan,
        "is_tag": model is Tag,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": "merge_selected",
        "changed_survivor": confirmed,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/papers/merge_preview.html", context)
