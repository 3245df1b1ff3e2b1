"""Tagging and review status, in bulk: one set-based write per call, whatever the selection."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from papers.models import Paper, PaperTag, ReviewStatus, Tag


@dataclass
class BulkChange:
    """Which of the selected papers a bulk change touched, and which it left as they were."""

    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def _ids(papers: Iterable[Paper | int]) -> list[int]:
    return sorted({p if isinstance(p, int) else p.pk for p in papers})


@transaction.atomic
def add_tag(papers: Iterable[Paper | int], tag: Tag, user=None) -> BulkChange:
    ids = _ids(papers)
    already = set(
        PaperTag.objects.filter(tag=tag, paper_id__in=ids).values_list("paper_id", flat=True)
    )
    new = [pk for pk in ids if pk not in already]
    PaperTag.objects.bulk_create(
        [PaperTag(paper_id=pk, tag=tag, tagged_by=user) for pk in new],
        ignore_conflicts=True,
        batch_size=2000,
    )
    Paper.objects.refresh_facets(new)
    return BulkChange(changed=new, unchanged=sorted(already))


@transaction.atomic
def remove_tag(papers: Iterable[Paper | int], tag: Tag) -> BulkChange:
    ids = _ids(papers)
    tagged = set(
        PaperTag.objects.filter(tag=tag, paper_id__in=ids).values_list("paper_id", flat=True)
    )
    PaperTag.objects.filter(tag=tag, paper_id__in=tagged).delete()
    Paper.objects.refresh_facets(tagged)
    return BulkChange(changed=sorted(tagged), unchanged=[pk for pk in ids if pk not in tagged])


@transaction.atomic
def set_review_status(papers: Iterable[Paper | int], status: str) -> BulkChange:
    if status not in ReviewStatus.values:
        raise ValueError(f"unknown review status {status!r}")
    ids = _ids(papers)
    to_change = list(
        Paper.objects.filter(pk__in=ids)
        .exclude(review_status=status)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    Paper.objects.filter(pk__in=to_change).update(review_status=status, updated_at=timezone.now())
    changed = set(to_change)
    return BulkChange(changed=to_change, unchanged=[pk for pk in ids if pk not in changed])
