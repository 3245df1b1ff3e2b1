"""Recent curation: every admin change to the catalogue, newest first, across all papers."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

PER_PAGE = 50


def recent_curation_view(request):
    if not request.user.has_perm("papers.view_paper"):
        raise PermissionDenied
    types = ContentType.objects.filter(app_label="papers")
    entries = (
        LogEntry.objects.filter(content_type__in=types)
        .select_related("user", "content_type")
        # Newest first by id (the order they were written): an index scan, not a sort.
        .order_by("-pk")
    )
    user_id = request.GET.get("user", "")
    if user_id.isdigit():
        entries = entries.filter(user_id=int(user_id))
    model = request.GET.get("model", "")
    if model:
        entries = entries.filter(content_type__model=model)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("p"))
    context = {
        **admin.site.each_context(request),
        "title": "Recent curation",
        "subtitle": None,
        "page": page,
        "entries": page.object_list,
        "models": sorted((t.model, t.name) for t in types),
        "model": model,
        "user_id": user_id,
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/papers/recent_curation.html", context)
