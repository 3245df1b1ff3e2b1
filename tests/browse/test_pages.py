"""Paper, method, dataset, benchmark and tag pages, index pages and error pages."""

from datetime import date

import pytest
from django.template.loader import get_template

from papers.models import Benchmark, DatasetAlias, LinkStatus, Note, PaperMethod, RepoLink
from tests.browse.helpers import text_of
from tests.factories import make_benchmark, make_dataset, make_paper, make_tag

pytestmark = pytest.mark.django_db


def test_the_paper_page_shows_everything_about_a_paper(client):
    paper = make_paper(
        "M^3AE: masked <i>autoencoders</i>",
        "We reach AP$_{50}$ of 41.2 on COCO. Code: \\url{https://github.com/a/b_c}. <script>",
        methods=["CLIP"],
        proposed=["M3AE"],
        datasets=["COCO"],
        tags=["to-read"],
        results=[("COCO", "AP", 41.2, "absolute"), ("COCO", "AP", 2.5, "gain")],
        links=["https://github.com/a/b_c"],
        authors=["Ada Lovelace", "Alan Turing"],
        organisation="Lab A",
        upvotes=12,
        arxiv_id="2501.00001",
        categories=["cs.CV"],
        title_derived=True,
    )
    Note.objects.create(paper=paper, body="Worth **reading**.", visibility="public")
    Note.objects.create(paper=paper, body="Internal gossip", visibility="internal")
    body = client.get(paper.get_absolute_url()).content.decode()
    text = text_of(body)
    assert "M<sup>3</sup>AE: masked &lt;i&gt;autoencoders&lt;/i&gt;" in body
    assert "AP<sub>50</sub>" in body
    assert '<a href="https://github.com/a/b_c" rel="nofollow noopener">' in body
    main = body.split('<main id="main"')[1]
    assert "\\url" not in main and "<script>" not in main
    assert "Title derived from the abstract" in text
    assert "Ada Lovelace, Alan Turing" in text
    assert "Lab A" in text and "2501.00001" in text and "cs.CV" in text
    # Proposed methods come first, each linked through get_absolute_url().
    methods = body.split("<h2>Methods</h2>")[1].split("</section>")[0]
    assert methods.index("M3AE") < methods.index("CLIP")
    assert 'href="/methods/m3ae/"' in methods and "Proposed" in methods
    assert 'href="/datasets/coco/"' in body
    assert 'href="/benchmarks/coco/ap/"' in body
    assert "41.2" in text and "+2.5" in text
    assert 'href="/tags/to-read/"' in body
    assert "<strong>reading</strong>" in body
    assert "Internal gossip" not in body


def test_rejected_links_do_not_show_on_the_paper_page(client):
    paper = make_paper("Paper", methods=["CLIP", "Bad"], links=["https://github.com/x/y"])
    PaperMethod.objects.filter(paper=paper, method__name="Bad").update(status=LinkStatus.REJECTED)
    RepoLink.objects.filter(paper=paper).update(status=LinkStatus.REJECTED)
    body = client.get(paper.get_absolute_url()).content.decode()
    assert "/methods/clip/" in body
    assert "/methods/bad/" not in body
    assert "github.com/x/y" not in body


def test_related_papers_share_methods_and_datasets_or_words(client):
    paper = make_paper("Zebra stripes detection", methods=["CLIP", "ViT"], datasets=["COCO"])
    close = make_paper("Another one", methods=["CLIP", "ViT"], datasets=["COCO"])
    far = make_paper("Far", methods=["CLIP"], datasets=["Other"])
    wordy = make_paper("Detection of zebra stripes in the wild", "Zebra stripes detection.")
    make_paper("Unrelated", methods=["BERT"])
    related = client.get(paper.get_absolute_url()).context["related"]
    by_entities = [p["title"] for p in related["by_entities"]]
    assert by_entities[0] == close.title
    assert far.title not in by_entities  # shares one entity of three: not a candidate
    assert [p["title"] for p in related["by_text"]][0] == wordy.title


def test_a_paper_with_one_entity_relates_to_the_newest_papers_sharing_it(client):
    paper = make_paper("Solo", methods=["Rare"])
    other = make_paper("Other", methods=["Rare"])
    related = client.get(paper.get_absolute_url()).context["related"]
    assert [p["title"] for p in related["by_entities"]] == [other.title]


def test_a_missing_paper_is_404_in_the_sites_style(client):
    response = client.get("/papers/999999/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response.content)
    assert 'href="/methods/"' in response.content.decode()


def test_the_method_page_lists_proposers_users_and_neighbours(client):
    proposer = make_paper("Proposer", proposed=["FooNet"], datasets=["COCO"])
    user = make_paper("User", methods=["FooNet", "CLIP"], datasets=["COCO"])
    make_paper("Unrelated", methods=["CLIP"])
    response = client.get("/methods/foonet/")
    ctx = response.context
    assert [p.title for p in ctx["own"]] == [proposer.title]
    assert [p.title for p in ctx["users"]] == [user.title]
    assert ctx["linking_count"] == 2 and ctx["users_count"] == 1
    assert [e["label"] for e in ctx["co"]["dataset"]] == ["COCO"]
    assert [(e["label"], e["n"]) for e in ctx["co"]["method"]] == [("CLIP", 1)]
    assert 'href="/?method=foonet"' in response.content.decode()


def test_the_dataset_page_shows_aliases_description_and_benchmarks(client):
    make_paper("p", datasets=["COCO"], results=[("COCO", "AP", 40.0, "absolute")])
    dataset = make_dataset("COCO")
    dataset.description = "Common objects in context."
    dataset.save()
    DatasetAlias.objects.create(dataset=dataset, name="MS-COCO", key="mscoco")
    response = client.get(dataset.get_absolute_url())
    text = text_of(response.content)
    assert "Common objects in context." in text
    assert "MS-COCO" in text
    assert [(b.metric, b.n) for b in response.context["benchmarks"]] == [("AP", 1)]


def test_unknown_entities_are_404(client):
    for url in ["/methods/nope/", "/datasets/nope/", "/tags/nope/", "/benchmarks/x/y/"]:
        assert client.get(url).status_code == 404


def test_the_leaderboard_ranks_scores_best_first_and_keeps_gains_apart(client):
    a = make_paper("A", results=[("COCO", "AP", 40.0, "absolute")], published=date(2024, 1, 1))
    b = make_paper("B", results=[("COCO", "AP", 45.5, "absolute")])
    c = make_paper("C", results=[("COCO", "AP", 99.0, "gain")])
    response = client.get("/benchmarks/coco/ap/")
    assert [r.paper for r in response.context["scores"]] == [b, a]
    assert [r.paper for r in response.context["gains"]] == [c]
    body = response.content.decode()
    assert body.index(b.get_absolute_url()) < body.index(a.get_absolute_url())
    assert "AP 45.5 on COCO." in text_of(body)  # the evidence sentence


def test_error_metrics_rank_lowest_first(client):
    make_paper("A", results=[("COCO", "FID", 12.0, "absolute")])
    make_paper("B", results=[("COCO", "FID", 3.0, "absolute")])
    Benchmark.objects.filter(metric="FID").update(lower_is_better=True)
    response = client.get("/benchmarks/coco/fid/")
    assert [r.value for r in response.context["scores"]] == [3.0, 12.0]
    assert "Lower is better" in text_of(response.content)


def test_a_benchmark_without_a_dataset_has_a_page(client):
    make_paper("A", results=[("", "Accuracy", 90.0, "absolute")])
    benchmark = make_benchmark(None, "Accuracy")
    assert benchmark.get_absolute_url() == "/benchmarks/any/accuracy/"
    assert client.get(benchmark.get_absolute_url()).status_code == 200


def test_the_tag_page_lists_tagged_papers(client):
    make_paper("Tagged", tags=["to-read"])
    make_paper("Untagged")
    tag = make_tag("to-read")
    response = client.get(tag.get_absolute_url())
    assert [p.title for p in response.context["papers"]] == ["Tagged"]
    assert '<circle cx="5" cy="5" r="5" fill="#4f46e5"/>' in response.content.decode()


def test_index_pages_list_entities_with_counts(client):
    make_paper(
        "a",
        methods=["CLIP"],
        datasets=["COCO"],
        tags=["x"],
        results=[("COCO", "AP", 1, "absolute")],
    )
    make_paper("b", methods=["CLIP", "ViT"])
    rows = client.get("/methods/").context["rows"]
    assert [(r.label, r.count, r.url) for r in rows] == [
        ("CLIP", 2, "/methods/clip/"),
        ("ViT", 1, "/methods/vit/"),
    ]
    assert [r.label for r in client.get("/methods/?q=vi").context["rows"]] == ["ViT"]
    assert [(r.label, r.count) for r in client.get("/datasets/").context["rows"]] == [("COCO", 1)]
    assert [(r.label, r.extra, r.url) for r in client.get("/benchmarks/").context["rows"]] == [
        ("AP", "COCO", "/benchmarks/coco/ap/")
    ]
    assert [(r.label, r.count) for r in client.get("/tags/").context["rows"]] == [("x", 1)]
    assert client.get("/methods/?page=2").status_code == 404


def test_the_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        # As django.views.defaults.server_error renders it: no context, no request.
        html = get_template("500.html").render()
    assert "Something went wrong" in html


def test_every_page_links_the_stylesheet_and_script_without_inline_code(client):
    paper = make_paper("a", methods=["CLIP"], datasets=["COCO"], tags=["t"])
    for url in ["/", paper.get_absolute_url(), "/methods/clip/", "/methods/", "/tags/t/"]:
        body = client.get(url).content.decode()
        assert '<link rel="stylesheet" href="/static/css/site.css">' in body
        assert '<script src="/static/js/catalogue.js" defer></script>' in body
        assert "<script>" not in body and " style=" not in body and " onclick=" not in body
