"""Curators win: what a curator edited, added or rejected survives every later ingest."""

import pytest

from papers.ingest.loader import Loader
from papers.ingest.readers import RawRecord, read_paths
from papers.ingest.records import normalise
from papers.ingest.report import IngestReport, Outcome
from papers.models import (
    LinkStatus,
    Note,
    Origin,
    Paper,
    PaperDataset,
    PaperMethod,
    PaperTag,
    RepoLink,
    Result,
)
from tests.factories import make_tag
from tests.ingest.fakes import FAKE

pytestmark = pytest.mark.django_db

RECORD = (
    '{{"id": "2505.00001", "title": "{title}", "authors": ["Ann Curie"], "abstract": '
    '"We propose Sparse Lattice Adapters (SLA) for vision. SLA reaches {score}% accuracy on '
    'ImageNet{extra}. Code: https://github.com/example/sla", "comment": "{comment}"}}\n'
)


def record(title="Sparse Lattice Adapters", score="81.5", extra="", comment=""):
    return RECORD.format(title=title, score=score, extra=extra, comment=comment)


@pytest.fixture
def listing(write, ingest):
    path = write("listing.jsonl", record())
    ingest(path)
    return path


def test_curator_edited_title_survives_reingest(listing, ingest):
    paper = Paper.objects.get()
    paper.title = "Sparse Lattice Adapters for Vision Transformers"
    paper.curated_fields = ["title"]
    paper.save()
    listing.write_text(record(title="A Different Title From The Source", comment="v2"))
    report = ingest(listing)
    paper.refresh_from_db()
    assert paper.title == "Sparse Lattice Adapters for Vision Transformers"
    assert paper.comment == "v2"  # what the curator did not touch still follows the source
    assert report.total(Outcome.UPDATED) == 1
    assert ingest(listing).total(Outcome.UNCHANGED) == 1


def test_a_curated_field_is_not_refilled_even_when_emptied(listing, ingest, write):
    paper = Paper.objects.get()
    paper.authors = []
    paper.curated_fields = ["authors"]
    paper.save()
    listing.write_text(record(comment="changed"))
    ingest(listing)
    paper.refresh_from_db()
    assert paper.authors == [] and paper.comment == "changed"


def test_a_curator_edit_to_a_derived_title_is_kept(ingest, write):
    path = write("a.txt", "Abstract:An abstract without any acronym at all, about rivers.\n")
    ingest(path)
    paper = Paper.objects.get()
    assert paper.title_derived
    paper.title, paper.title_derived, paper.curated_fields = "Rivers", False, ["title"]
    paper.save()
    ingest(path, extractor=FAKE.__class__(**{**FAKE.__dict__, "version": "fake-9"}))
    paper.refresh_from_db()
    assert (paper.title, paper.title_derived) == ("Rivers", False)


def test_a_rejected_link_is_not_resurrected(listing, ingest):
    link = RepoLink.objects.get()
    link.status = LinkStatus.REJECTED
    link.save()
    Paper.objects.refresh_facets()
    listing.write_text(record(comment="v2, code: https://github.com/example/sla"))
    ingest(listing)
    assert list(RepoLink.objects.values_list("url", "status")) == [
        ("https://github.com/example/sla", "rejected")
    ]
    assert Paper.objects.get().has_code is False


def test_a_rejected_method_blocks_the_same_method_coming_back(listing, ingest):
    PaperMethod.objects.update(status=LinkStatus.REJECTED)
    listing.write_text(record(score="82.0"))
    ingest(listing)
    assert list(PaperMethod.objects.values_list("status", flat=True)) == ["rejected"]
    assert Paper.objects.get().method_ids == []


def test_accepted_links_stay_when_extraction_no_longer_finds_them(listing, ingest):
    PaperDataset.objects.update(status=LinkStatus.ACCEPTED)
    listing.write_text(record().replace(" on ImageNet", ""))
    ingest(listing)
    assert PaperDataset.objects.get().status == LinkStatus.ACCEPTED
    # An unreviewed result that is no longer in the text goes.
    assert Result.objects.count() == 0


def test_curator_added_links_are_never_touched(listing, ingest):
    paper = Paper.objects.get()
    RepoLink.objects.create(
        paper=paper,
        url="https://example.org/project",
        origin=Origin.CURATOR,
        status=LinkStatus.ACCEPTED,
    )
    listing.write_text(record(score="90.0"))
    ingest(listing)
    assert set(RepoLink.objects.values_list("url", "origin")) == {
        ("https://github.com/example/sla", "extracted"),
        ("https://example.org/project", "curator"),
    }


def test_unreviewed_links_follow_the_text(listing, ingest):
    listing.write_text(record(score="79.0").replace(" Code: https://github.com/example/sla", ""))
    ingest(listing)
    paper = Paper.objects.get()
    assert RepoLink.objects.count() == 0 and paper.has_code is False
    assert list(Result.objects.values_list("value", flat=True)) == [79.0]
    assert Paper.objects.refresh_facets() == 0


def test_tags_and_notes_are_never_touched(listing, ingest):
    paper = Paper.objects.get()
    tag = make_tag("to-read")
    PaperTag.objects.create(paper=paper, tag=tag)
    Note.objects.create(paper=paper, body="Check the ablation.")
    Paper.objects.refresh_facets([paper.pk])
    listing.write_text(record(extra=" and 50.1% accuracy on COCO"))
    ingest(listing)
    paper.refresh_from_db()
    assert paper.tag_ids == [tag.pk]
    assert list(paper.notes.values_list("body", flat=True)) == ["Check the ablation."]
    assert paper.dataset_ids and len(paper.dataset_ids) == 2


def test_a_curator_edit_while_ingest_runs_is_not_overwritten(listing, write):
    listing.write_text(record(comment="from the file"))
    loader = Loader(FAKE, run_id=None)
    records = [
        normalise(item, FAKE.version)
        for item in read_paths([str(listing)])
        if isinstance(item, RawRecord)
    ]
    plan = loader.plan(str(listing), records)
    loader.extract(plan)
    loader.resolve(plan)
    paper = Paper.objects.get()
    paper.comment = "curator's comment"
    paper.curated_fields = ["comment"]
    paper.save()  # between reading and writing
    loader.write(plan)
    report = IngestReport()
    loader.account(plan, report)
    paper.refresh_from_db()
    assert paper.comment == "curator's comment"
    assert report.total(Outcome.SKIPPED) == 1
    assert "was edited while ingest ran" in str(report.problems[0])
