import json
import sys

from bench.common import Context
from bench.extraction import f1_fields, find_rate, quality_stage, quality_target


def test_the_rate_is_found_under_its_usual_names_or_nested():
    assert find_rate({"abstracts_per_s": 6100.5, "abstracts": 74728}) == 6100.5
    assert find_rate({"speed": {"abstracts_per_second": 5200}}) == 5200.0
    assert find_rate({"median": {"docs_per_sec": 7000}}) == 7000.0
    assert find_rate({"abstracts": 10}) is None


def test_f1_scores_are_read_from_any_nesting_and_named_by_field():
    report = {
        "gold": 40,
        "fields": {
            "links": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 12},
            "methods": {"proposed": {"P": 0.9, "R": 0.95, "F1": 0.92}, "all": {"f1": 0.87}},
        },
    }
    assert f1_fields(report) == {
        "links": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "methods/proposed": {"precision": 0.9, "recall": 0.95, "f1": 0.92},
        "methods/all": {"f1": 0.87},
    }


def test_f1_scores_in_a_list_are_named_by_their_field_key():
    report = [{"field": "datasets", "f1": 0.9}, {"name": "results", "f1": 0.8}]
    assert set(f1_fields(report)) == {"datasets", "results"}


def test_each_field_gets_the_issue_target():
    assert quality_target("links") == 1.0
    assert quality_target("repo_links") == 1.0
    assert quality_target("methods/proposed") == 0.90
    assert quality_target("proposed_methods") == 0.90
    assert quality_target("methods/all") == 0.85
    assert quality_target("datasets") == 0.85
    assert quality_target("results") == 0.80
    assert quality_target("titles") is None


def test_only_the_held_out_unseen_split_is_judged_against_the_targets():
    assert quality_target("dev/links") is None
    assert quality_target("test/proposed_methods") is None
    assert quality_target("all/results") is None
    assert quality_target("unseen/links") == 1.0
    assert quality_target("unseen/proposed_methods") == 0.90
    assert quality_target("unseen/results") == 0.80


def test_the_extraction_scripts_report_shape_is_read():
    report = {
        "dev": {"links": {"p": 1.0, "r": 1.0, "f1": 1.0, "gold": 17}},
        "test": {"methods": {"p": 0.873, "r": 0.899, "f1": 0.886, "gold": 69}},
        "all": {"results": {"p": 1.0, "r": 0.9, "f1": 0.947}, "result_dataset_accuracy": 1.0},
        "unseen": {"datasets": {"p": 0.95, "r": 0.79, "f1": 0.86, "gold": 24}},
    }
    assert f1_fields(report) == {
        "dev/links": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "test/methods": {"precision": 0.873, "recall": 0.899, "f1": 0.886},
        "all/results": {"precision": 1.0, "recall": 0.9, "f1": 0.947},
        "unseen/datasets": {"precision": 0.95, "recall": 0.79, "f1": 0.86},
    }
    assert find_rate({"abstracts": 74728, "seconds": 9.1, "per_second": 8211.9}) == 8211.9


def _fake_eval(tmp_path, report: dict) -> Context:
    """A repository whose eval script prints `report` and the --corpus it was given."""
    script = tmp_path / "bench" / "eval_extraction.py"
    script.parent.mkdir()
    script.write_text(
        "import json, sys\n"
        f"report = {json.dumps(report)}\n"
        'report["corpus"] = sys.argv[sys.argv.index("--corpus") + 1]\n'
        "print(json.dumps(report))\n"
    )
    corpus = tmp_path / "corpus.jsonl.gz"
    return Context(root=tmp_path, corpus=corpus, python=sys.executable, verbose=False)


def test_the_quality_stage_gives_the_eval_the_corpus_for_the_unseen_split(tmp_path):
    ctx = _fake_eval(tmp_path, {"unseen": {"links": {"f1": 1.0}}, "test": {"links": {"f1": 0.5}}})
    result = quality_stage(ctx)
    assert result["report"]["corpus"] == str(ctx.corpus)
    assert set(result["figures"]) == {"unseen/links", "test/links"}
    assert "unjudged" not in result


def test_the_quality_stage_says_why_nothing_was_judged_without_the_unseen_split(tmp_path):
    ctx = _fake_eval(tmp_path, {"dev": {"links": {"f1": 1.0}}, "all": {"links": {"f1": 1.0}}})
    result = quality_stage(ctx)
    assert "no held-out unseen split" in result["unjudged"]
    json.dumps(result)  # the stage result goes into latest.json as it is
