"""Merging duplicate methods, datasets and tags into one survivor, without losing anything.

Every link, alias, note, benchmark and result of a merged entity moves to the survivor. A paper
linked to both keeps one row (flags OR-ed, evidence kept, a curator's decision kept). The merged
entities' names, acronyms and keys become aliases of the survivor, so later ingests map those
spellings to it. `plan_*` computes exactly what `merge_*` would do, for the preview page; both run
the same code, one without writing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from django.db import models, transaction
from django.utils.text import slugify

from papers.extraction import entity_key
from papers.models import (
    Benchmark,
    Dataset,
    DatasetAlias,
    LinkStatus,
    Method,
    MethodAlias,
    Note,
    Origin,
    Paper,
    PaperDataset,
    PaperMethod,
    PaperTag,
    Result,
    Tag,
)


class MergeError(ValueError):
    pass


@dataclass
class MergePlan:
    survivor: models.Model
    merged: list[models.Model]
    links_moved: int = 0
    links_combined: int = 0
    aliases_moved: int = 0
    aliases_created: list[str] = field(default_factory=list)
    notes_moved: int = 0
    benchmarks_moved: int = 0
    benchmarks_combined: int = 0
    results_moved: int = 0
    results_combined: int = 0
    paper_ids: set[int] = field(default_factory=set)

    @property
    def papers_affected(self) -> int:
        return len(self.paper_ids)

    def summary(self) -> str:
        names = ", ".join(f"“{m}”" for m in self.merged)
        parts = [f"Merged {names} into “{self.survivor}”"]
        details = [
            (self.links_moved, "paper link moved"),
            (self.links_combined, "duplicate paper link combined"),
            (self.aliases_moved, "alias moved"),
            (len(self.aliases_created), "new alias"),
            (self.notes_moved, "note moved"),
            (self.benchmarks_moved, "benchmark moved"),
            (self.benchmarks_combined, "duplicate benchmark combined"),
            (self.results_moved, "result moved"),
            (self.results_combined, "duplicate result combined"),
        ]
        said = [f"{n} {_plural(n, label)}" for n, label in details if n]
        if said:
            parts.append(": " + ", ".join(said))
        parts.append(f"; {self.papers_affected} paper{'s' if self.papers_affected != 1 else ''}")
        parts.append(" affected.")
        return "".join(parts)


def _plural(n: int, label: str) -> str:
    if n == 1:
        return label
    words = label.split(" ")
    # Pluralise the noun: "paper link moved" -> "paper links moved", "alias" -> "aliases".
    index = len(words) - 2 if words[-1] in ("moved", "combined") else len(words) - 1
    words[index] = words[index] + ("es" if words[index].endswith("s") else "s")
    return " ".join(words)


# Of two decisions on the same link, a curator's acceptance wins, then a curator's rejection,
# then the untouched extraction.
_STATUS_RANK = {LinkStatus.ACCEPTED: 2, LinkStatus.REJECTED: 1, LinkStatus.AUTO: 0}


def _combine_extracted(keep, other, flag: str | None) -> None:
    if flag:
        setattr(keep, flag, getattr(keep, flag) or getattr(other, flag))
    if not keep.evidence and other.evidence:
        keep.evidence = other.evidence
    if other.origin == Origin.CURATOR:
        keep.origin = Origin.CURATOR
    if _STATUS_RANK[other.status] > _STATUS_RANK[keep.status]:
        keep.status = other.status


def _fold(
    model: type[models.Model],
    fk: str,
    survivor_id: int,
    merged_ids: Sequence[int],
    key: tuple[str, ...],
    combine: Callable[[models.Model, models.Model], None],
    execute: bool,
    extra_updates: dict | None = None,
) -> tuple[int, int, set[int]]:
    """Re-point `model` rows from the merged targets to the survivor.

    Rows that would collide with a survivor row (same `key`) are folded into it and deleted.
    Returns (moved, combined, paper ids touched).
    """
    rows = list(model.objects.filter(**{f"{fk}_id__in": merged_ids}).order_by(*key, "pk"))
    if not rows:
        return 0, 0, set()
    survivor_rows = {
        tuple(getattr(r, k) for k in key): r
        for r in model.objects.filter(
            **{f"{fk}_id": survivor_id},
            paper_id__in=model.objects.filter(**{f"{fk}_id__in": merged_ids}).values("paper_id"),
        )
    }
    moved, combined, to_save, to_delete = 0, 0, [], []
    for group_key, group in groupby(rows, key=lambda r: tuple(getattr(r, k) for k in key)):
        group = list(group)
        keep = survivor_rows.get(group_key)
        if keep is None:
            keep, group = group[0], group[1:]
            setattr(keep, f"{fk}_id", survivor_id)
            for name, value in (extra_updates or {}).items():
                setattr(keep, name, value)
            moved += 1
        for other in group:
            combine(keep, other)
            to_delete.append(other.pk)
            combined += 1
        to_save.append(keep)
    if execute:
        model.objects.filter(pk__in=to_delete).delete()
        fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        model.objects.bulk_update(to_save, fields, batch_size=1000)
    return moved, combined, {r.paper_id for r in rows}


def _alias_rows(survivor, merged, alias_model, fk: str, execute: bool) -> tuple[int, list[str]]:
    merged_ids = [m.pk for m in merged]
    moving = alias_model.objects.filter(**{f"{fk}_id__in": merged_ids})
    moved = moving.count()
    if execute:
        moving.update(**{f"{fk}_id": survivor.pk})
    candidates = []
    for entity in merged:
        candidates += [(entity.name, entity.key), (entity.name, entity_key(entity.name))]
        if entity.acronym:
            candidates.append((entity.acronym, entity_key(entity.acronym)))
    keys = {key for _, key in candidates if key}
    taken = set(alias_model.objects.filter(key__in=keys).values_list("key", flat=True))
    taken.add(survivor.key)
    created = []
    for name, key in candidates:
        if not key or key in taken:
            continue
        taken.add(key)
        if name not in created:
            created.append(name)
        if execute:
            alias_model.objects.create(name=name[:255], key=key, **{fk: survivor})
    return moved, created


def _check(survivor, merged, model) -> list:
    merged = [m for m in merged if m.pk != survivor.pk]
    if not merged:
        raise MergeError("Choose at least one other item to merge into the survivor.")
    if any(not isinstance(m, model) for m in [survivor, *merged]):
        raise MergeError(f"Only {model._meta.verbose_name_plural} can be merged here.")
    return merged


def _merge_entity(survivor, merged, *, model, link_model, alias_model, fk, flag, execute):
    merged = _check(survivor, merged, model)
    merged_ids = [m.pk for m in merged]
    if execute:
        # Lock every entity involved so two curators cannot merge overlapping sets at once.
        list(model.objects.select_for_update().filter(pk__in=[survivor.pk, *merged_ids]))
    plan = MergePlan(survivor=survivor, merged=merged)
    plan.links_moved, plan.links_combined, plan.paper_ids = _fold(
        link_model,
        fk,
        survivor.pk,
        merged_ids,
        key=("paper_id",),
        combine=lambda keep, other: _combine_extracted(keep, other, flag),
        execute=execute,
    )
    plan.aliases_moved, plan.aliases_created = _alias_rows(
        survivor, merged, alias_model, fk, execute
    )
    notes = Note.objects.filter(**{f"{fk}_id__in": merged_ids})
    plan.notes_moved = notes.count()
    if execute:
        notes.update(**{f"{fk}_id": survivor.pk})
    if model is Dataset:
        _merge_benchmarks(plan, survivor, merged_ids, execute)
    if execute:
        _inherit_description(survivor, merged)
        model.objects.filter(pk__in=merged_ids).delete()
        Paper.objects.refresh_facets(sorted(plan.paper_ids))
    return plan


def _inherit_description(survivor, merged) -> None:
    """A survivor without a description takes the first merged one's, so none is lost."""
    if survivor.description:
        return
    description = next((m.description for m in merged if m.description), "")
    if description:
        type(survivor).objects.filter(pk=survivor.pk).update(description=description)
        survivor.description = description


def _merge_benchmarks(plan: MergePlan, survivor: Dataset, merged_ids, execute: bool) -> None:
    survivor_benchmarks = {b.metric_key: b for b in Benchmark.objects.filter(dataset=survivor)}
    moving = Benchmark.objects.filter(dataset_id__in=merged_ids).order_by("metric_key", "pk")
    taken_slugs = None
    for benchmark in moving:
        target = survivor_benchmarks.get(benchmark.metric_key)
        if target is None:
            # The first benchmark with this metric moves to the survivor as it is.
            survivor_benchmarks[benchmark.metric_key] = benchmark
            plan.benchmarks_moved += 1
            plan.results_moved += benchmark.results.count()
            if execute:
                if taken_slugs is None:
                    taken_slugs = set(Benchmark.objects.values_list("slug", flat=True))
                slug = slugify(f"{survivor.slug}-{benchmark.metric_key}")[:255]
                fields = ["dataset"]
                if slug not in taken_slugs:
                    taken_slugs.discard(benchmark.slug)
                    taken_slugs.add(slug)
                    benchmark.slug = slug
                    fields.append("slug")
                benchmark.dataset = survivor
                benchmark.save(update_fields=fields)
            continue
        # A duplicate benchmark: its results move to the survivor's, then it goes.
        moved, combined, paper_ids = _fold(
            Result,
            "benchmark",
            target.pk,
            [benchmark.pk],
            key=("paper_id", "value", "kind"),
            combine=lambda keep, other: _combine_extracted(keep, other, None),
            execute=execute,
        )
        plan.benchmarks_combined += 1
        plan.results_moved += moved
        plan.results_combined += combined
        plan.paper_ids |= paper_ids
        if execute:
            benchmark.delete()


def _combine_tags(keep: PaperTag, other: PaperTag) -> None:
    # The earlier tagging is the one that happened; keep who did it and when.
    if other.tagged_at and keep.tagged_at and other.tagged_at < keep.tagged_at:
        keep.tagged_at, keep.tagged_by_id = other.tagged_at, other.tagged_by_id


def _merge_tags(survivor: Tag, merged: Sequence[Tag], execute: bool) -> MergePlan:
    merged = _check(survivor, merged, Tag)
    merged_ids = [m.pk for m in merged]
    if execute:
        list(Tag.objects.select_for_update().filter(pk__in=[survivor.pk, *merged_ids]))
    plan = MergePlan(survivor=survivor, merged=merged)
    plan.links_moved, plan.links_combined, plan.paper_ids = _fold(
        PaperTag,
        "tag",
        survivor.pk,
        merged_ids,
        key=("paper_id",),
        combine=_combine_tags,
        execute=execute,
    )
    if execute:
        _inherit_description(survivor, merged)
        Tag.objects.filter(pk__in=merged_ids).delete()
        Paper.objects.refresh_facets(sorted(plan.paper_ids))
    return plan


_ENTITY = {
    Method: {
        "model": Method,
        "link_model": PaperMethod,
        "alias_model": MethodAlias,
        "fk": "method",
        "flag": "proposed",
    },
    Dataset: {
        "model": Dataset,
        "link_model": PaperDataset,
        "alias_model": DatasetAlias,
        "fk": "dataset",
        "flag": "introduced",
    },
}


def plan_merge(survivor, merged) -> MergePlan:
    """What merging would do, without changing anything."""
    if isinstance(survivor, Tag):
        return _merge_tags(survivor, merged, execute=False)
    return _merge_entity(survivor, merged, execute=False, **_ENTITY[type(survivor)])


@transaction.atomic
def merge(survivor, merged) -> MergePlan:
    """Merge `merged` (methods, datasets or tags) into `survivor`; returns what was done."""
    if isinstance(survivor, Tag):
        return _merge_tags(survivor, merged, execute=True)
    return _merge_entity(survivor, merged, execute=True, **_ENTITY[type(survivor)])


def merge_methods(survivor: Method, merged: Sequence[Method]) -> MergePlan:
    return merge(survivor, merged)


def merge_datasets(survivor: Dataset, merged: Sequence[Dataset]) -> MergePlan:
    return merge(survivor, merged)


def merge_tags(survivor: Tag, merged: Sequence[Tag]) -> MergePlan:
    return merge(survivor, merged)
