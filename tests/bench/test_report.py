import json

from bench import report
from bench.report import Row, Target


def test_targets_compare_in_the_stated_direction():
    assert Target(">=", 2500).check(2500) is True
    assert Target(">=", 2500).check(2499.9) is False
    assert Target("<=", 50).check(51) is False
    assert Target("<", 30).check(30) is False
    assert Target("==", 0).check(0) is True
    assert Target(">=", 1).check(None) is None
    assert str(Target("<=", 150)) == "≤ 150"


def test_a_row_passes_only_when_every_targeted_part_passes():
    row = Row("pages", "latency", [("p50", 40, Target("<=", 50)), ("p95", 160, Target("<=", 150))])
    assert row.passed is False
    assert row.result_text() == "FAIL"
    assert row.target_text() == "p50 ≤ 50 · p95 ≤ 150"
    assert Row("pages", "throughput", [("", 80.0, None)], "req/s").result_text() == "—"


def test_skipped_and_failed_stages_become_one_row_with_their_reason():
    (skipped,) = report.rows_for("ingest", {"status": "skipped", "note": "no ingest command"})
    (failed,) = report.rows_for("quality", {"status": "failed", "note": "RuntimeError: boom"})
    assert (skipped.result_text(), skipped.value_text()) == ("SKIP", "no ingest command")
    assert failed.result_text() == "ERROR"
    assert skipped.as_dict()["pass"] is None


def test_ingest_time_target_applies_to_the_full_corpus_only():
    full = report.rows_for(
        "ingest", {"figures": {"seconds": 25, "papers_per_s": 2990, "records": 74728}}
    )
    quick = report.rows_for("ingest", {"figures": {"seconds": 4, "records": 10000}})
    assert next(r for r in full if r.figure == "ingest time").passed is True
    quick_time = next(r for r in quick if r.figure.startswith("ingest time"))
    assert quick_time.passed is None
    assert "10k subset" in quick_time.figure


def test_page_targets_apply_at_eight_clients():
    figures = {
        "catalogue_query@c1": {"p50_ms": 80, "p95_ms": 90, "p99_ms": 95, "req_per_s": 12},
        "catalogue_query@c8": {"p50_ms": 45, "p95_ms": 140, "p99_ms": 200, "req_per_s": 120},
        "paper@c8": {"p50_ms": 20, "p95_ms": 60, "p99_ms": 70, "req_per_s": 300},
    }
    rows = {r.figure: r for r in report.rows_for("pages", {"figures": figures})}
    assert rows["catalogue_query, 1 client: latency"].passed is None
    assert rows["catalogue_query, 8 clients: latency"].passed is True
    assert rows["catalogue_query, 8 clients: throughput"].passed is True
    assert rows["paper, 8 clients: latency"].passed is False


def test_quality_rows_carry_the_per_field_f1_targets():
    figures = {
        "links": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        "proposed_methods": {"precision": 0.9, "recall": 0.8, "f1": 0.85},
        "methods": {"f1": 0.86},
        "datasets": {"f1": 0.84},
        "results": {"f1": 0.81},
        "titles": {"f1": 0.5},
    }
    rows = {r.figure: r for r in report.rows_for("quality", {"figures": figures})}
    assert rows["extraction links"].passed is True
    assert rows["extraction proposed_methods"].passed is False  # needs 0.90
    assert rows["extraction methods"].passed is True
    assert rows["extraction datasets"].passed is False
    assert rows["extraction results"].passed is True
    assert rows["extraction titles"].passed is None


def test_quality_targets_judge_the_unseen_split_and_show_the_others_without_one():
    figures = {
        "dev/links": {"f1": 1.0},
        "test/links": {"f1": 0.5},
        "all/links": {"f1": 0.8},
        "unseen/links": {"f1": 0.57},
        "unseen/datasets": {"f1": 0.86},
    }
    rows = {r.figure: r for r in report.rows_for("quality", {"figures": figures})}
    assert [rows[f"extraction {s}/links"].result_text() for s in ("dev", "test", "all")] == [
        "—",
        "—",
        "—",
    ]
    assert rows["extraction unseen/links"].result_text() == "FAIL"
    assert rows["extraction unseen/datasets"].result_text() == "PASS"
    assert rows["extraction unseen/datasets"].target_text() == "F1 ≥ 0.85"


def test_a_quality_report_without_the_unseen_split_says_its_targets_were_not_judged():
    result = {"figures": {"dev/links": {"f1": 1.0}}, "unjudged": "no held-out unseen split"}
    rows = report.rows_for("quality", result)
    assert rows[-1].result_text() == "SKIP"
    assert rows[-1].value_text() == "no held-out unseen split"


def test_browsing_under_load_fails_on_any_5xx_or_half_loaded_paper():
    result = {
        "figures": {
            "browsing": {"req_per_s": 50, "errors_5xx": 1, "transport_errors": 0, "clients": 8},
            "half_loaded_papers": 0,
            "papers_watched": 1000,
        }
    }
    rows = report.rows_for("ingest-under-load", result)
    errors = next(r for r in rows if r.figure.endswith("errors"))
    half = next(r for r in rows if r.figure.startswith("half-loaded"))
    assert errors.passed is False
    assert half.passed is True


def test_table_lists_every_row_with_its_result():
    rows = [
        Row("ingest", "ingest rate", [("", 3000.0, Target(">=", 2500))], "papers/s"),
        Row("quality", "quality", status="skipped", note="bench/eval_extraction.py missing"),
    ]
    text = report.table(rows)
    lines = text.splitlines()
    assert lines[0].split() == ["Figure", "Value", "Target", "Result"]
    assert "[ingest] ingest rate" in lines[2] and "3,000.0 papers/s" in lines[2]
    assert lines[2].endswith("PASS")
    assert lines[3].endswith("SKIP") and "eval_extraction.py missing" in lines[3]


def test_report_json_has_the_header_every_stage_and_flat_figures(tmp_path):
    header = {"date": report.now(), "commit": "abc", "cpu_count": 2, "mode": "quick"}
    stages = {"extraction": {"status": "ok", "figures": {"abstracts_per_s": 6000.0}}}
    path = report.write_report(report.build_report(header, stages), tmp_path / "latest.json")
    data = json.loads(path.read_text())
    assert data["commit"] == "abc" and data["cpu_count"] == 2 and data["date"]
    assert data["stages"]["extraction"]["figures"]["abstracts_per_s"] == 6000.0
    (figure,) = data["figures"]
    assert figure["values"] == {"value": 6000.0}
    assert figure["target"] == "≥ 5,000" and figure["pass"] is True


def test_a_partial_run_keeps_earlier_stages_of_the_same_mode_only():
    previous = {"mode": "full", "stages": {"ingest": {"status": "ok"}, "pages": {"old": 1}}}
    now = {"pages": {"new": 1}}
    assert report.merge_stages(previous, {"mode": "full"}, now) == {
        "ingest": {"status": "ok"},
        "pages": {"new": 1},
    }
    assert report.merge_stages(previous, {"mode": "quick"}, now) == {"pages": {"new": 1}}
    assert report.merge_stages(None, {"mode": "quick"}, now) == {"pages": {"new": 1}}


def test_machine_description_includes_the_cpu_count():
    assert report.machine()["cpu_count"] >= 1


def test_pages_that_could_not_be_timed_are_listed_with_the_reason():
    result = {
        "figures": {},
        "untimed": {
            "paper": {"status": "failed", "note": "/papers/1/ answered HTTP 500"},
            "catalogue_query_facet": {"status": "skipped", "note": "no facet links yet"},
        },
    }
    rows = {r.figure: r for r in report.rows_for("pages", result)}
    assert rows["paper"].result_text() == "ERROR"
    assert rows["catalogue_query_facet"].result_text() == "SKIP"
    assert rows["paper"].value_text() == "/papers/1/ answered HTTP 500"
