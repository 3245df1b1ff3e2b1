"""Loading: one paper per real paper, provenance, derived titles, idempotence, changes."""

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.ingest.loader import Loader
from papers.ingest.readers import RawRecord, display_path, read_paths
from papers.ingest.records import normalise
from papers.ingest.report import ExitStatus, Outcome
from papers.models import (
    Benchmark,
    Dataset,
    IngestRun,
    Method,
    Paper,
    PaperSource,
    RepoLink,
    Result,
)
from tests.conftest import database_url
from tests.ingest.conftest import SAMPLE
from tests.ingest.fakes import FAKE, FAKE_V2

pytestmark = pytest.mark.django_db

SLA_ABSTRACT_START = "We propose Sparse Lattice Adapters (SLA)"


def paper(prefix: str) -> Paper:
    return Paper.objects.get(abstract__startswith=prefix)


def test_it_merges_filip_from_two_files(ingest):
    report = ingest(SAMPLE / "002_1576c8b4fe22b848.txt", SAMPLE / "004_512c2d698c608ac7.txt")
    filip = Paper.objects.get(title__startswith="FILIP")
    assert filip.title == "FILIP: Fine-grained Interactive Language-Image Pre-Training"
    assert filip.title_derived is False
    sources = list(filip.sources.values_list("file", "line", "format"))
    assert sources == [
        (display_path(SAMPLE / "002_1576c8b4fe22b848.txt"), 1, "abstract_lines"),
        (display_path(SAMPLE / "004_512c2d698c608ac7.txt"), 113, "hf_daily"),
    ]
    assert filip.source_files == [s[0] for s in sources]
    assert filip.authors_count == 10 and filip.upvotes == 1
    assert Paper.objects.filter(abstract__startswith="Unsupervised large-scale").count() == 1
    assert Paper.objects.count() == 10 + 45 - 1
    assert report.files[display_path(SAMPLE / "004_512c2d698c608ac7.txt")].updated == 1


def test_the_same_paper_in_three_formats_is_one_paper_and_the_richest_source_wins(ingest, fixtures):
    ingest(fixtures / "abstracts.txt", fixtures / "daily.txt", fixtures / "listing.jsonl")
    sla = paper(SLA_ABSTRACT_START)
    assert sla.arxiv_id == "2501.00001"
    assert sla.title == "Sparse Lattice Adapters for Vision" and not sla.title_derived
    assert sorted(sla.source_files) == sorted(
        display_path(fixtures / n) for n in ("abstracts.txt", "daily.txt", "listing.jsonl")
    )
    # The arXiv record owns the paper; the Daily Papers dump fills what arXiv lacks.
    assert sla.authors == ["Ada Lovelace", "Alan Turing"]
    assert sla.upvotes == 4 and sla.authors_count == 2
    assert "\n\nCode is at" in sla.abstract


def test_papers_without_a_title_get_a_derived_title_flagged(ingest, fixtures):
    ingest(fixtures / "abstracts.txt")
    tmm = paper("Masked modelling of tide tables")
    assert tmm.title == "TMM: Tidal Masked Modelling" and tmm.title_derived
    plain = paper("A third paper with no acronym")
    assert plain.title == "A third paper with no acronym," and plain.title_derived
    assert plain.title_key == ""


def test_a_real_title_from_another_file_replaces_a_derived_one(ingest, fixtures):
    ingest(fixtures / "abstracts.txt")
    assert paper(SLA_ABSTRACT_START).title_derived
    ingest(fixtures / "daily.txt")
    sla = paper(SLA_ABSTRACT_START)
    assert (sla.title, sla.title_derived) == ("Sparse Lattice Adapters for Vision", False)


def test_it_records_provenance_and_the_run(ingest, fixtures):
    report = ingest(fixtures / "listing.jsonl")
    run = IngestRun.objects.get()
    assert report.run_id == run.pk
    assert run.status == IngestRun.Status.FINISHED and run.finished_at
    assert run.arguments == [str(fixtures / "listing.jsonl")]
    assert run.counts["created"] == 3
    path = display_path(fixtures / "listing.jsonl")
    assert run.counts["files"][path] == {
        "format": "jsonl",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
    }
    assert set(Paper.objects.values_list("last_run", flat=True)) == {run.pk}
    assert list(PaperSource.objects.values_list("line", "format", "run")) == [
        (1, "jsonl", run.pk),
        (2, "jsonl", run.pk),
        (3, "jsonl", run.pk),
    ]


def test_it_stores_links_and_the_facets_refresh_facets_would_compute(ingest, fixtures):
    ingest(fixtures / "listing.jsonl", fixtures / "daily.txt", fixtures / "abstracts.txt")
    sla = paper(SLA_ABSTRACT_START)
    assert list(sla.method_links.values_list("method__acronym", "proposed")) == [("SLA", True)]
    assert sla.method_links.get().method.name == "Sparse Lattice Adapters"
    assert list(sla.dataset_links.values_list("dataset__name", flat=True)) == ["ImageNet"]
    result = sla.results.select_related("benchmark__dataset").get()
    assert (result.value, result.kind, result.benchmark.metric_key) == (
        81.5,
        "absolute",
        "accuracy",
    )
    assert result.benchmark.dataset.name == "ImageNet"
    assert list(sla.repo_links.values_list("url", flat=True)) == ["https://github.com/example/sla"]
    assert sla.has_code and "Sparse Lattice Adapters" in sla.entity_text
    whale = Paper.objects.get(title__startswith="Whale Songs")
    gain = whale.results.select_related("benchmark").get()
    assert (gain.kind, gain.benchmark.dataset, gain.benchmark.lower_is_better) == (
        "gain",
        None,
        False,
    )
    tide = paper("Masked modelling of tide tables").results.select_related("benchmark").get()
    assert tide.benchmark.lower_is_better  # WER
    # The columns written with each new paper are exactly what the join tables give.
    assert Paper.objects.refresh_facets() == 0


def test_entity_aliases_send_ingest_to_the_survivor(ingest, fixtures):
    from papers.models import DatasetAlias

    survivor = Dataset.objects.create(name="ImageNet-1k", key="imagenet1k", slug="imagenet-1k")
    DatasetAlias.objects.create(name="ImageNet", key="imagenet", dataset=survivor)
    ingest(fixtures / "listing.jsonl")
    sla = paper(SLA_ABSTRACT_START)
    assert list(sla.dataset_links.values_list("dataset", flat=True)) == [survivor.pk]
    assert not Dataset.objects.filter(key="imagenet").exists()


def test_aliased_dataset_names_are_one_dataset(ingest, write):
    path = write(
        "a.txt",
        "Abstract:We report 40.1% AP on COCO with a simple detector.\n"
        "Abstract:We report 41.3% AP on MS-COCO with another detector.\n",
    )
    ingest(path)
    assert Dataset.objects.count() == 1
    assert Benchmark.objects.count() == 1 and Result.objects.count() == 2


def test_new_entities_get_unique_slugs(ingest, write):
    # Slugs come from the acronym, else the name, as the factories make them.
    Method.objects.create(name="Other", key="something-else", slug="sla")
    ingest(write("a.txt", "Abstract:We propose Sparse Lattice Adapters (SLA) for vision.\n"))
    assert Method.objects.get(key="sparselatticeadapters").slug == "sla-2"
    ingest(write("b.txt", "Abstract:We introduce Tidal Masked Modelling (TMM) here.\n"))
    assert Method.objects.get(key="tidalmaskedmodelling").slug == "tmm"


def test_it_skips_unchanged_papers(ingest, fixtures):
    paths = [fixtures / "listing.jsonl", fixtures / "daily.txt", fixtures / "abstracts.txt"]
    ingest(*paths)
    before = {p.pk: (p.updated_at, p.last_run_id, p.content_hash) for p in Paper.objects.all()}
    report = ingest(*paths)
    assert report.total(Outcome.UNCHANGED) == 3 + 4 + 3
    assert report.total(Outcome.CREATED) == report.total(Outcome.UPDATED) == 0
    after = {p.pk: (p.updated_at, p.last_run_id, p.content_hash) for p in Paper.objects.all()}
    assert after == before
    assert report.exit_status is ExitStatus.OK


def test_the_sample_twice_changes_nothing_the_second_time(ingest):
    ingest(SAMPLE)
    with CaptureQueriesContext(connection) as queries:
        report = ingest(SAMPLE)
    assert report.total(Outcome.UNCHANGED) == 81
    assert report.total(Outcome.CREATED) + report.total(Outcome.UPDATED) == 0
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
        and "papers_ingestrun" not in q["sql"]
    ]
    assert writes == []


def test_a_changed_record_updates_only_what_changed(ingest, write):
    first = '{"id": "2502.00001", "title": "Old Title For A Paper", "abstract": "We study X.",'
    path = write("l.jsonl", first + ' "authors": ["A B"], "comment": "v1"}\n')
    ingest(path)
    before = Paper.objects.get()
    path.write_text(first + ' "authors": ["A B", "C D"], "comment": "v1"}\n')
    report = ingest(path)
    assert report.total(Outcome.UPDATED) == 1
    after = Paper.objects.get()
    assert after.authors == ["A B", "C D"] and after.authors_count == 2
    assert (after.title, after.comment, after.fingerprint) == (
        before.title,
        before.comment,
        before.fingerprint,
    )
    assert after.last_run_id != before.last_run_id
    assert after.content_hash != before.content_hash


def test_a_changed_abstract_is_matched_on_the_arxiv_id(ingest, write):
    path = write("l.jsonl", '{"id": "2502.00002", "title": "T", "abstract": "Version one."}\n')
    ingest(path)
    path.write_text('{"id": "2502.00002", "title": "T", "abstract": "Version two, longer."}\n')
    ingest(path)
    only = Paper.objects.get()
    assert only.abstract == "Version two, longer."
    from papers.ingest.records import fingerprint

    assert only.fingerprint == fingerprint("Version two, longer.")


def test_a_new_extractor_version_reextracts_and_the_run_after_is_quiet(ingest, fixtures):
    ingest(fixtures / "listing.jsonl")
    report = ingest(fixtures / "listing.jsonl", extractor=FAKE_V2)
    assert report.total(Outcome.UNCHANGED) == 3  # same links: only the hash was brought up to date
    assert len({p.content_hash for p in Paper.objects.all()}) == 3
    again = ingest(fixtures / "listing.jsonl", extractor=FAKE_V2)
    assert again.total(Outcome.UNCHANGED) == 3


def test_same_abstract_under_two_arxiv_ids_is_two_papers(ingest, write):
    body = '"title": "Twice Submitted Paper Title", "abstract": "The same abstract twice."}'
    path = write("l.jsonl", f'{{"id": "2503.00001", {body}\n{{"id": "2503.00002", {body}\n')
    report = ingest(path)
    assert report.total(Outcome.CREATED) == 2 and report.exit_status is ExitStatus.OK
    assert len(set(Paper.objects.values_list("fingerprint", flat=True))) == 2
    assert ingest(path).total(Outcome.UNCHANGED) == 2
    # An abstract-lines copy of it is the first paper, not a third.
    ingest(write("a.txt", "Abstract:The same abstract twice.\n"))
    assert Paper.objects.count() == 2


def test_a_paper_twice_in_one_file_is_reported_once_and_kept_once(ingest, write):
    path = write("dup.txt", "Abstract:One abstract.\nAbstract:Another.\nAbstract:One abstract.\n")
    report = ingest(path)
    assert Paper.objects.count() == 2
    assert [str(p) for p in report.problems] == [
        f"{display_path(path)}:3: same paper as line 1 of this file; skipped"
    ]
    assert report.exit_status is ExitStatus.SKIPPED
    assert paper("One abstract").sources.get().line == 1
    again = ingest(path)
    assert again.total(Outcome.UNCHANGED) == 2 and again.total(Outcome.SKIPPED) == 1


def test_bad_records_are_skipped_and_the_rest_loaded(ingest, fixtures):
    report = ingest(
        fixtures / "malformed.jsonl", fixtures / "latin1.txt", fixtures / "listing.jsonl"
    )
    assert Paper.objects.count() == 1 + 2 + 3
    assert report.total(Outcome.SKIPPED) == 4 + 1
    assert report.exit_status is ExitStatus.SKIPPED
    run = IngestRun.objects.get()
    assert len(run.problems) == 5
    assert run.problems[0] == {
        "file": "tests/fixtures/ingest/malformed.jsonl",
        "line": 2,
        "message": "malformed JSON (Expecting ',' delimiter); record skipped",
    }


def test_nothing_readable_is_exit_status_2(ingest, fixtures, tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    report = ingest(fixtures / "empty.txt", fixtures / "unknown.txt", binary)
    assert report.exit_status is ExitStatus.NOTHING
    assert Paper.objects.count() == 0
    assert len(report.problems) == 3


def test_dry_run_writes_nothing(ingest, fixtures):
    report = ingest(fixtures / "listing.jsonl", fixtures / "abstracts.txt", dry_run=True)
    assert report.total(Outcome.CREATED) == 5 and report.total(Outcome.UPDATED) == 1
    assert Paper.objects.count() == 0
    assert Method.objects.count() == Dataset.objects.count() == 0
    assert IngestRun.objects.count() == 0 and RepoLink.objects.count() == 0


def test_dry_run_reports_changes_against_the_catalogue(ingest, fixtures):
    ingest(fixtures / "listing.jsonl")
    report = ingest(fixtures / "listing.jsonl", fixtures / "daily.txt", dry_run=True)
    assert report.total(Outcome.UNCHANGED) == 3
    assert report.total(Outcome.UPDATED) == 1 and report.total(Outcome.CREATED) == 3
    assert Paper.objects.count() == 3
    assert not PaperSource.objects.filter(format="hf_daily").exists()


def lines(n: int, start: int = 0) -> str:
    return "".join(
        f'{{"id": "2504.{i:05d}", "title": "Paper number {i} of many", "abstract": '
        f'"We propose Method Number{i} (MN{i}) and get {i}.5% accuracy on ImageNet. '
        f'Code: https://github.com/lab/repo{i}"}}\n'
        for i in range(start, start + n)
    )


@pytest.mark.parametrize("n", [5, 200])
def test_queries_per_batch_do_not_grow_with_papers(ingest, write, n, django_assert_max_num_queries):
    path = write("many.jsonl", lines(n))
    # Run bookkeeping 4; per batch: match 1, sources 1, nextval 1, entities 2 lookups, up to 2 x
    # (slug check, insert, recheck) for new entities, benchmarks 3, plus savepoints.
    with django_assert_max_num_queries(30):
        report = ingest(path, batch_size=1000)
    assert report.total(Outcome.CREATED) == n
    # Unchanged: match and sources per batch, nothing else.
    with django_assert_max_num_queries(8):
        assert ingest(path).total(Outcome.UNCHANGED) == n


def test_queries_for_changed_papers_do_not_grow_with_papers(
    ingest, write, django_assert_max_num_queries
):
    path = write("many.jsonl", lines(150))
    ingest(path)
    path.write_text(lines(150).replace("accuracy", "top-1 accuracy"))
    with django_assert_max_num_queries(30):
        report = ingest(path)
    assert report.total(Outcome.UPDATED) == 150


def test_batches_split_large_files(ingest, write):
    path = write("many.jsonl", lines(25))
    report = ingest(path, batch_size=10)
    assert report.total(Outcome.CREATED) == 25
    assert Paper.objects.refresh_facets() == 0


def test_a_paper_the_database_refuses_is_skipped_and_the_rest_of_its_batch_kept(
    ingest, write, monkeypatch
):
    from papers.ingest import loader

    original = loader._record_values

    def poisoned(record):
        values = original(record)
        if "poison" in record.raw.abstract:
            values["upvotes"] = -1  # violates the column's CHECK constraint
        return values

    monkeypatch.setattr(loader, "_record_values", poisoned)
    path = write("a.txt", "Abstract:First fine one.\nAbstract:The poison one.\nAbstract:Last.\n")
    report = ingest(path)
    assert sorted(Paper.objects.values_list("abstract", flat=True)) == ["First fine one.", "Last."]
    assert report.total(Outcome.CREATED) == 2 and report.total(Outcome.SKIPPED) == 1
    assert str(report.problems[0]).startswith(f"{display_path(path)}:2: not stored (")
    assert report.exit_status is ExitStatus.SKIPPED


def test_extraction_in_worker_processes_gives_the_same_catalogue(ingest, fixtures):
    paths = [fixtures / "listing.jsonl", fixtures / "daily.txt", fixtures / "abstracts.txt"]
    report = ingest(*paths, workers=1)
    assert report.total(Outcome.CREATED) == 3 + 3 + 2
    with_workers = sorted(
        (p.title, p.entity_text, p.method_ids != [], p.has_code) for p in Paper.objects.all()
    )
    for model in (Paper, Method, Dataset, Benchmark):
        model.objects.all().delete()
    ingest(*paths, workers=0)
    in_process = sorted(
        (p.title, p.entity_text, p.method_ids != [], p.has_code) for p in Paper.objects.all()
    )
    assert with_workers == in_process


def test_debug_query_log_stays_small(ingest, write, settings):
    from django.db import connection

    settings.DEBUG = True
    connection.queries_log.clear()
    ingest(write("many.jsonl", lines(30)), batch_size=10)
    assert len(connection.queries_log) < 10


def test_entities_sharing_a_slug_in_one_batch_get_numbered_slugs(ingest, write):
    Method.objects.create(name="Taken", key="taken", slug="gan")
    Method.objects.create(name="Taken too", key="taken2", slug="gan-2")
    path = write(
        "a.txt",
        "Abstract:We propose Generative Adversarial Nets (GAN) for images.\n"
        "Abstract:We propose Graph Attention Nodes (GAN) for graphs.\n",
    )
    ingest(path)
    slugs = set(Method.objects.exclude(key__startswith="taken").values_list("slug", flat=True))
    assert slugs == {"gan-3", "gan-4"}


def test_awkward_text_survives_the_copy(ingest, write):
    authors = ['Ann "Quoted" O\'Neil', "Back\\slash", "Comma, Jr.", "{Braces}", "NULL", "Tab\tName"]
    import json

    record = {
        "id": "2507.00001",
        "title": 'A "quoted" title with \\ and tab\tinside',
        "abstract": "Line one.\n  Line two with \\N and a tab\there.",
        "authors": authors,
        "categories": ["cs.CV", 'we"ird'],
        "comment": "back\\slash",
    }
    ingest(write("odd.jsonl", json.dumps(record) + "\n"))
    paper = Paper.objects.get()
    assert paper.authors == [
        'Ann "Quoted" O\'Neil',
        "Back\\slash",
        "Comma, Jr.",
        "{Braces}",
        "NULL",
        "Tab Name",
    ]
    assert paper.title == 'A "quoted" title with \\ and tab inside'
    assert paper.abstract == "Line one.\n\nLine two with \\N and a tab here."
    assert paper.categories == ["cs.CV", 'we"ird']
    assert paper.comment == "back\\slash"


def test_the_same_records_under_a_new_file_name_add_a_source_without_reextracting(
    ingest, fixtures, tmp_path
):
    ingest(fixtures / "listing.jsonl")
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes((fixtures / "listing.jsonl").read_bytes())
    calls = []

    def counting(abstract, title="", comment=""):
        calls.append(abstract)
        return FAKE.extract(abstract, title=title, comment=comment)

    spy = FAKE.__class__(**{**FAKE.__dict__, "extract": counting})
    report = ingest(copy, extractor=spy)
    assert report.total(Outcome.UPDATED) == 3 and calls == []
    assert all(len(p.source_files) == 2 for p in Paper.objects.all())
    assert Paper.objects.refresh_facets() == 0


@pytest.mark.django_db(transaction=True)
def test_a_batchs_entities_are_committed_before_the_batch_is_written(write):
    # Parallel writers would otherwise wait on each other's uncommitted entity keys.
    path = write("three.jsonl", lines(3))
    loader = Loader(FAKE, run_id=None)
    records = [
        normalise(r, FAKE.version) for r in read_paths([str(path)]) if isinstance(r, RawRecord)
    ]
    plan = loader.plan(str(path), records)
    loader.extract(plan)
    loader.resolve(plan)
    assert not connection.in_atomic_block
    with psycopg.connect(database_url(connection.settings_dict)) as other:
        keys = {key for (key,) in other.execute("SELECT key FROM papers_method")}
    assert set(plan.resolved.methods) <= keys and len(keys) == 3
    assert not Paper.objects.exists()
