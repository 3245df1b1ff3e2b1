"""End to end: what a curator does in the admin survives the next `manage.py ingest`."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from papers.models import LinkStatus, Paper
from tests.curation.helpers import edit_paper


def _record(title: str, comment: str = "") -> str:
    return (
        json.dumps(
            {
                "id": "2505.00077",
                "title": title,
                "authors": ["Ann Curie"],
                "abstract": "We propose Sparse Lattice Adapters (SLA) for vision. SLA reaches "
                "81.5% accuracy on ImageNet. Code: https://github.com/example/sla",
                "comment": comment,
            }
        )
        + "\n"
    )


@pytest.mark.django_db
def test_admin_edits_and_rejections_survive_a_reingest(tmp_path, curator_client):
    source = tmp_path / "listing.jsonl"
    source.write_text(_record("Sparse Lattice Adapters"))
    call_command("ingest", str(source), verbosity=0)
    paper = Paper.objects.get()
    links = list(paper.method_links.all())
    assert links, "the extractor found no method to reject"

    response = edit_paper(curator_client, paper, {"title": "Sparse Lattice Adapters for ViTs"})
    assert response.status_code == 302
    for link in links:
        decide = reverse("admin:papers_paper_link_status", args=[paper.pk, "method", link.pk])
        assert curator_client.post(decide, {"status": "rejected"}).status_code == 302

    source.write_text(_record("A Different Title From The Source", comment="v2"))
    call_command("ingest", str(source), verbosity=0)

    paper.refresh_from_db()
    assert paper.title == "Sparse Lattice Adapters for ViTs"
    assert paper.comment == "v2"  # untouched fields still follow the source
    for link in links:
        link.refresh_from_db()
        assert link.status == LinkStatus.REJECTED
        assert link.method_id not in paper.method_ids
