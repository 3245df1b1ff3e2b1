"""Export, and the export -> ingest round trip that makes it a backup."""

import io
import json

import pytest
from django.core.management import call_command

from papers.ingest.export import export_jsonl
from papers.ingest.report import ExitStatus, Outcome
from papers.models import (
    IngestRun,
    LinkStatus,
    Method,
    Note,
    Origin,
    Paper,
    PaperMethod,
    PaperTag,
    RepoLink,
    Tag,
)
from tests.factories import make_tag

pytestmark = pytest.mark.django_db

REQUIRED = {
    "id",
    "title",
    "title_derived",
    "abstract",
    "published",
    "authors",
    "authors_count",
    "organisation",
    "upvotes",
    "arxiv_id",
    "sources",
    "methods",
    "datasets",
    "results",
    "repo_links",
    "tags",
    "notes",
}


def exported() -> list[dict]:
    out = io.StringIO()
    export_jsonl(out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def without_ids(papers: list[dict]) -> list[dict]:
    return [{k: v for k, v in p.items() if k != "id"} for p in papers]


@pytest.fixture
def catalogue(ingest, fixtures):
    ingest(fixtures / "listing.jsonl", fixtures / "daily.txt", fixtures / "abstracts.txt")
    sla = Paper.objects.get(arxiv_id="2501.00001")
    sla.title, sla.curated_fields, sla.review_status = "SLA (edited)", ["title"], "reviewed"
    sla.save()
    PaperTag.objects.create(paper=sla, tag=make_tag("to-read"))
    Note.objects.create(paper=sla, body="Public note.", visibility="public")
    RepoLink.objects.filter(paper=sla).update(status=LinkStatus.REJECTED)
    RepoLink.objects.create(paper=sla, url="https://sla.example.org", origin=Origin.CURATOR)
    PaperMethod.objects.filter(paper=sla).update(status=LinkStatus.ACCEPTED)
    Paper.objects.refresh_facets()
    return sla


def test_export_writes_one_object_per_paper_ordered_by_id(catalogue):
    papers = exported()
    assert [p["id"] for p in papers] == sorted(Paper.objects.values_list("id", flat=True))
    assert all(set(p) >= REQUIRED for p in papers)
    sla = next(p for p in papers if p["arxiv_id"] == "2501.00001")
    assert sla["title"] == "SLA (edited)" and sla["curated_fields"] == ["title"]
    assert sla["published"] == "2025-01-02"
    assert sla["tags"] == ["to-read"]
    assert sla["notes"] == [{"body": "Public note.", "visibility": "public"}]
    assert sla["repo_links"] == ["https://sla.example.org"]  # the rejected one is not a link
    assert {(x["url"], x["status"]) for x in sla["links"]} == {
        ("https://github.com/example/sla", "rejected"),
        ("https://sla.example.org", "auto"),
    }
    assert sla["methods"] == [
        {
            "name": "Sparse Lattice Adapters",
            "acronym": "SLA",
            "key": "sparselatticeadapters",
            "proposed": True,
            "evidence": "Sparse Lattice Adapters (SLA)",
            "origin": "extracted",
            "status": "accepted",
        }
    ]
    assert sla["datasets"][0]["name"] == "ImageNet" and sla["datasets"][0]["introduced"] is False
    assert sla["results"][0] | {"evidence": ""} == {
        "dataset": "ImageNet",
        "dataset_key": "imagenet",
        "metric": "accuracy",
        "metric_key": "accuracy",
        "value": 81.5,
        "unit": "%",
        "kind": "absolute",
        "evidence": "",
        "origin": "extracted",
        "status": "auto",
    }
    assert {(s["format"], s["line"]) for s in sla["sources"]} == {
        ("jsonl", 1),
        ("hf_daily", 13),
        ("abstract_lines", 1),
    }


def test_export_then_ingest_into_an_empty_database_reproduces_the_catalogue(
    catalogue, ingest, tmp_path
):
    before = exported()
    backup = tmp_path / "backup.jsonl"
    call_command("export", "--format", "jsonl", "--output", str(backup), verbosity=0)
    for model in (Paper, Method, Tag, IngestRun):
        model.objects.all().delete()

    report = ingest(backup)
    assert report.exit_status is ExitStatus.OK
    assert report.total(Outcome.CREATED) == len(before)
    after = exported()
    assert without_ids(after) == without_ids(before)
    assert Paper.objects.refresh_facets() == 0
    # A restored catalogue knows its original files: ingesting them again changes nothing.
    assert ingest(backup).total(Outcome.UNCHANGED) == len(before)


def test_after_a_restore_the_original_files_are_unchanged(catalogue, ingest, fixtures, tmp_path):
    backup = tmp_path / "backup.jsonl.gz"
    call_command("export", "--output", str(backup), verbosity=0)
    for model in (Paper, Method, Tag):
        model.objects.all().delete()
    ingest(backup)
    report = ingest(fixtures / "listing.jsonl", fixtures / "daily.txt", fixtures / "abstracts.txt")
    assert report.total(Outcome.CREATED) == 0
    assert Paper.objects.get(arxiv_id="2501.00001").title == "SLA (edited)"


def test_export_to_stdout(catalogue):
    out = io.StringIO()
    call_command("export", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == Paper.objects.count()
    assert json.loads(lines[0])["id"] == Paper.objects.order_by("id").first().pk
