"""The catalogue's data model.

Papers link to the Methods they propose or use, the Datasets they introduce or use, the Results
they report on a Benchmark (a dataset and a metric) and their RepoLinks. Extracted links carry
the sentence they came from, an origin (extracted by ingest, or added by a curator) and a status,
so a curator's rejection survives every later ingest.

Paper keeps denormalised arrays of the ids it links to (`method_ids`, `dataset_ids`, ...): facet
counts and filters read one narrow GIN-indexed table instead of joining four.
`Paper.objects.refresh_facets()` rebuilds them from the join tables after every ingest batch and
curation change.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear, Lower
from django.urls import reverse

from papers.querysets import PaperQuerySet


class ReviewStatus(models.TextChoices):
    NEW = "new", "New"
    REVIEWED = "reviewed", "Reviewed"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"


class Origin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    CURATOR = "curator", "Added by curator"


class LinkStatus(models.TextChoices):
    # An extracted link nobody has looked at; ingest may replace or remove it.
    AUTO = "auto", "Unreviewed"
    ACCEPTED = "accepted", "Accepted"
    # Kept, not deleted, so a later ingest does not bring it back.
    REJECTED = "rejected", "Rejected"


class SourceFormat(models.TextChoices):
    ABSTRACT_LINES = "abstract_lines", "Abstract lines"
    HF_DAILY = "hf_daily", "Hugging Face Daily Papers dump"
    JSONL = "jsonl", "arXiv JSON Lines"


class IngestRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.RUNNING)
    arguments = models.JSONField(default=list, help_text="Paths and options the run was given.")
    dry_run = models.BooleanField(default=False)
    # {"created": n, "updated": n, "unchanged": n, "skipped": n, "files": {path: {...}}}
    counts = models.JSONField(default=dict)
    # [{"file": path, "line": n, "message": text}, ...]
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Ingest run {self.pk} ({self.status}, {self.started_at:%Y-%m-%d %H:%M})"


class Paper(models.Model):
    # Fields ingest may write unless a curator has edited them (listed in `curated_fields`).
    INGESTED_FIELDS = (
        "title",
        "abstract",
        "arxiv_id",
        "published",
        "authors",
        "authors_count",
        "organisation",
        "upvotes",
        "categories",
        "comment",
    )

    title = models.TextField(blank=True)
    title_derived = models.BooleanField(
        default=False, help_text="The source had no title; this one was made from the abstract."
    )
    abstract = models.TextField()
    # sha1 of the abstract with case, whitespace and punctuation folded: the match key for
    # papers without an arXiv id (the same abstract in two files is one paper).
    # Unique and indexed through Meta: a field's unique=True or db_index=True would add a second
    # varchar_pattern_ops index that no query uses, paid for on every insert.
    fingerprint = models.CharField(max_length=40)
    title_key = models.CharField(max_length=255, blank=True)
    arxiv_id = models.CharField(max_length=32, null=True, blank=True)
    published = models.DateField(null=True, blank=True)
    year = models.GeneratedField(
        expression=ExtractYear("published"), output_field=models.IntegerField(), db_persist=True
    )
    authors = ArrayField(models.TextField(), default=list, blank=True)
    authors_count = models.PositiveIntegerField(null=True, blank=True)
    organisation = models.CharField(max_length=255, blank=True)
    upvotes = models.PositiveIntegerField(null=True, blank=True)
    categories = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    comment = models.TextField(blank=True)

    review_status = models.CharField(max_length=16, choices=ReviewStatus, default=ReviewStatus.NEW)
    curated_fields = ArrayField(
        models.CharField(max_length=32),
        default=list,
        blank=True,
        help_text="Fields a curator edited; ingest never overwrites them.",
    )
    # Hash of the source record and extractor version: an unchanged record is skipped cheaply.
    content_hash = models.CharField(max_length=40, blank=True)
    last_run = models.ForeignKey(
        IngestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Denormalised for search and facets; rebuilt by PaperQuerySet.refresh_facets().
    entity_text = models.TextField(blank=True, help_text="Method and dataset names, for search.")
    method_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    dataset_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    benchmark_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    tag_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    source_files = ArrayField(models.CharField(max_length=255), default=list, blank=True)
    has_code = models.BooleanField(default=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("entity_text", weight="B", config="english")
            + SearchVector("abstract", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="paper_fingerprint_unique"),
            models.UniqueConstraint(fields=["arxiv_id"], name="paper_arxiv_id_unique"),
        ]
        indexes = [
            models.Index(fields=["title_key"], name="paper_title_key"),
            models.Index(fields=["review_status"], name="paper_review_status"),
            GinIndex(fields=["search_vector"], name="paper_search_gin"),
            GinIndex(fields=["method_ids"], name="paper_method_ids_gin"),
            GinIndex(fields=["dataset_ids"], name="paper_dataset_ids_gin"),
            GinIndex(fields=["benchmark_ids"], name="paper_benchmark_ids_gin"),
            GinIndex(fields=["tag_ids"], name="paper_tag_ids_gin"),
            GinIndex(fields=["categories"], name="paper_categories_gin"),
            GinIndex(fields=["source_files"], name="paper_source_files_gin"),
            models.Index(F("published").desc(nulls_last=True), F("id").desc(), name="paper_newest"),
            models.Index(fields=["year"], name="paper_year"),
            # The catalogue's "most upvoted" and "title" sorts walk these instead of sorting.
            models.Index(
                F("upvotes").desc(nulls_last=True),
                F("published").desc(nulls_last=True),
                F("id").desc(),
                name="paper_most_upvoted",
            ),
            models.Index(fields=["organisation"], name="paper_organisation"),
            models.Index(Lower("title"), "id", name="paper_title_sort"),
        ]

    def __str__(self) -> str:
        return self.title or f"Paper {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("papers:paper", args=[self.pk])


class PaperSource(models.Model):
    """Where a paper was read: one row per (paper, file), with the line or record number."""

    # Lookups by paper use the (paper, file) unique index; a separate paper index is pure cost.
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="sources", db_index=False
    )
    file = models.CharField(max_length=500, help_text="Path as given to ingest.")
    line = models.PositiveIntegerField(help_text="Line number, or record number for JSON Lines.")
    format = models.CharField(max_length=16, choices=SourceFormat)
    run = models.ForeignKey(IngestRun, null=True, on_delete=models.SET_NULL, related_name="+")
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["file", "line"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "file"], name="paper_source_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Entity(models.Model):
    """A canonical Method or Dataset: one row per real thing, matched through `key`."""

    name = models.CharField(max_length=255)
    acronym = models.CharField(max_length=64, blank=True)
    # papers.extraction.entity_key(name): case, punctuation and known aliases folded.
    key = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class Method(Entity):
    def get_absolute_url(self) -> str:
        return reverse("papers:method", args=[self.slug])


class Dataset(Entity):
    def get_absolute_url(self) -> str:
        return reverse("papers:dataset", args=[self.slug])


class Alias(models.Model):
    """Another spelling that maps to a canonical entity. Merges leave the old names here."""

    name = models.CharField(max_length=255)
    key = models.CharField(max_length=255, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MethodAlias(Alias):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "method aliases"


class DatasetAlias(Alias):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "dataset aliases"


class ExtractedLink(models.Model):
    """Shared fields of everything extraction links to a paper.

    Link tables take hundreds of thousands of rows per large ingest, so their foreign keys carry
    no single-column index: each unique constraint leads with the paper, and each "by entity"
    index leads with the entity, which serves the same lookups.
    """

    evidence = models.TextField(blank=True, help_text="The sentence this was extracted from.")
    origin = models.CharField(max_length=16, choices=Origin, default=Origin.EXTRACTED)
    status = models.CharField(max_length=16, choices=LinkStatus, default=LinkStatus.AUTO)

    class Meta:
        abstract = True


class PaperMethod(ExtractedLink):
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="method_links", db_index=False
    )
    method = models.ForeignKey(
        Method, on_delete=models.CASCADE, related_name="paper_links", db_index=False
    )
    proposed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-proposed", "method__name"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "method"], name="paper_method_unique"),
        ]
        indexes = [models.Index(fields=["method", "paper"], name="paper_method_by_method")]

    def __str__(self) -> str:
        return f"{self.method} in paper {self.paper_id}"


class PaperDataset(ExtractedLink):
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="dataset_links", db_index=False
    )
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="paper_links", db_index=False
    )
    introduced = models.BooleanField(default=False)

    class Meta:
        ordering = ["-introduced", "dataset__name"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "dataset"], name="paper_dataset_unique"),
        ]
        indexes = [models.Index(fields=["dataset", "paper"], name="paper_dataset_by_dataset")]

    def __str__(self) -> str:
        return f"{self.dataset} in paper {self.paper_id}"


class Benchmark(models.Model):
    """A dataset and a metric that results are reported on. `dataset` is null when unnamed."""

    dataset = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.CASCADE, related_name="benchmarks"
    )
    metric = models.CharField(max_length=100)
    metric_key = models.CharField(max_length=100)
    slug = models.SlugField(max_length=255, unique=True)
    lower_is_better = models.BooleanField(
        default=False, help_text="Error-like metrics (WER, FID, EER, MAE) rank ascending."
    )

    class Meta:
        ordering = ["metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "metric_key"], nulls_distinct=False, name="benchmark_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} on {self.dataset.short_name}" if self.dataset else self.metric

    def get_absolute_url(self) -> str:
        dataset_slug = self.dataset.slug if self.dataset else "any"
        return reverse("papers:benchmark", args=[dataset_slug, self.metric_key])


class Result(ExtractedLink):
    class Kind(models.TextChoices):
        ABSOLUTE = "absolute", "Score"
        GAIN = "gain", "Improvement"

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    value = models.FloatField()
    unit = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=16, choices=Kind)

    class Meta:
        ordering = ["benchmark__metric", "-value"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "benchmark", "value", "kind"], name="result_unique"
            ),
        ]
        indexes = [models.Index(fields=["benchmark", "kind", "value"], name="result_ranking")]

    def __str__(self) -> str:
        sign = "+" if self.kind == self.Kind.GAIN else ""
        return f"{self.benchmark}: {sign}{self.value:g}{self.unit}"


class RepoLink(ExtractedLink):
    class Host(models.TextChoices):
        GITHUB = "github", "GitHub"
        GITLAB = "gitlab", "GitLab"
        HUGGINGFACE = "huggingface", "Hugging Face"
        PROJECT = "project", "Project page"

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="repo_links", db_index=False
    )
    url = models.URLField(max_length=500)
    host = models.CharField(max_length=16, choices=Host, default=Host.PROJECT)
    owner = models.CharField(max_length=100, blank=True)
    repo = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["host", "url"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "url"], name="repo_link_unique"),
            # Only web links: a javascript: or data: URL must never reach a page.
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="repo_link_http",
            ),
        ]

    def __str__(self) -> str:
        return self.url


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    colour = models.CharField(
        max_length=7, default="#4f46e5", help_text="Hex colour such as #4f46e5."
    )
    papers = models.ManyToManyField(Paper, through="PaperTag", related_name="tags")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="tag_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("papers:tag", args=[self.slug])


class PaperTag(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="paper_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="paper_tags")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "tag"], name="paper_tag_unique")]

    def __str__(self) -> str:
        return f"{self.tag} on paper {self.paper_id}"


class Note(models.Model):
    """An editorial note on a paper, a method or a dataset (exactly one of them)."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", "Internal (curators only)"
        PUBLIC = "public", "Public (shown on the page)"

    paper = models.ForeignKey(
        Paper, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    method = models.ForeignKey(
        Method, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    dataset = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    body = models.TextField(help_text="Markdown; raw HTML is not rendered.")
    visibility = models.CharField(max_length=16, choices=Visibility, default=Visibility.INTERNAL)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(paper__isnull=False, method__isnull=True, dataset__isnull=True)
                    | Q(paper__isnull=True, method__isnull=False, dataset__isnull=True)
                    | Q(paper__isnull=True, method__isnull=True, dataset__isnull=False)
                ),
                name="note_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]
