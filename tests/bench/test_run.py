"""The harness's control flow: which stages run, and that missing pieces skip instead of crash."""

import json

import pytest

from bench import db, extraction, ingest, run
from bench.common import Context, Skip


def test_all_runs_every_stage_and_the_scaled_page_stages_only_when_asked():
    assert run.plan(["all"], "75k") == run.STAGES
    assert run.plan(["all"], "1m")[-3:] == ["scale", "pages@1m", "load@1m"]


def test_a_scaled_pages_run_scales_up_first_and_times_only_the_scaled_catalogue():
    assert run.plan(["pages", "ingest"], "75k") == ["ingest", "pages"]
    assert run.plan(["pages", "ingest"], "1m") == ["ingest", "scale", "pages@1m"]
    with pytest.raises(SystemExit):
        run.plan(["scale"], "75k")
    with pytest.raises(SystemExit):
        run.plan(["speed"], "75k")


def test_stages_skip_with_a_note_when_there_is_no_ingest_command(tmp_path):
    ctx = Context(root=tmp_path)
    for name in ("ingest", "reingest", "pages", "load", "ingest-under-load"):
        result = run.run_stage(ctx, name)
        assert result["status"] == "skipped", name
        assert "no ingest command yet" in result["note"]


def test_extraction_stages_skip_while_their_scripts_do_not_exist(tmp_path):
    ctx = Context(root=tmp_path)
    with pytest.raises(Skip, match="extraction_speed.py does not exist yet"):
        extraction.extraction_stage(ctx)
    assert run.run_stage(ctx, "quality")["status"] == "skipped"


def test_a_crashing_stage_is_recorded_as_failed_and_does_not_stop_the_run(monkeypatch):
    def boom(ctx):
        raise RuntimeError("database on fire\nsecond line")

    monkeypatch.setitem(run.STAGE_FUNCTIONS, "quality", boom)
    result = run.run_stage(Context(), "quality")
    assert result["status"] == "failed"
    assert result["note"] == "RuntimeError: database on fire"


def test_main_writes_the_report_even_when_every_stage_skips(monkeypatch, tmp_path, capsys):
    def missing(ctx):
        raise Skip("not written yet")

    for name in run.STAGES:
        monkeypatch.setitem(run.STAGE_FUNCTIONS, name, missing)
    monkeypatch.setattr(db, "postgres_version", lambda url: "15.0")
    output = tmp_path / "latest.json"
    assert run.main(["--quick", "--quiet", "--output", str(output)]) == 0
    data = json.loads(output.read_text())
    assert data["mode"] == "quick" and data["runs"] == 1
    assert set(data["stages"]) == set(run.STAGES)
    assert all(stage["status"] == "skipped" for stage in data["stages"].values())
    assert "SKIP" in capsys.readouterr().out


def test_the_harness_refuses_a_database_it_could_not_safely_drop():
    with pytest.raises(SystemExit, match="bench"):
        db.check_is_bench_database("postgres://postgres@127.0.0.1:5432/catalogue")
    db.check_is_bench_database("postgres://postgres@127.0.0.1:5432/catalogue_bench")


def test_quick_mode_ingests_the_first_records_from_a_fixed_path(tmp_path, monkeypatch):
    import gzip

    corpus = tmp_path / "corpus.jsonl.gz"
    with gzip.open(corpus, "wt") as fh:
        fh.writelines(f'{{"id": "{i}"}}\n' for i in range(30))
    monkeypatch.setattr(db, "WORK_DIR", tmp_path / "work")
    monkeypatch.setattr(db, "QUICK_RECORDS", 12)
    ctx = Context(corpus=corpus, quick=True)
    subset = db.corpus_for_run(ctx)
    assert subset == db.corpus_for_run(ctx)  # the same path, so re-ingest sees the same file
    assert subset.parent == tmp_path / "work"
    assert db.count_records(subset) == 12
    assert json.loads(subset.read_text().splitlines()[-1]) == {"id": "11"}
    assert db.corpus_for_run(Context(corpus=corpus)) == corpus


def test_a_missing_corpus_skips(tmp_path):
    with pytest.raises(Skip, match="corpus not found"):
        db.corpus_for_run(Context(corpus=tmp_path / "nope.jsonl.gz"))


def _fake_manage(root, body: str) -> Context:
    (root / "manage.py").write_text(body)
    command = root / "papers" / "management" / "commands" / "ingest.py"
    command.parent.mkdir(parents=True)
    command.write_text("")
    return Context(root=root)


@pytest.mark.slow
def test_run_ingest_reports_the_peak_memory_of_the_ingest_process(tmp_path):
    ctx = _fake_manage(
        tmp_path,
        "import sys, time\n"
        "assert sys.argv[1:] == ['ingest', 'corpus.jsonl', '-v', '0'], sys.argv\n"
        "block = b'x' * (80 * 1024 * 1024)\n"
        "time.sleep(0.3)\n",
    )
    result = ingest.run_ingest(ctx, "corpus.jsonl")
    assert result["peak_rss_mb"] >= 80
    assert result["seconds"] > 0


@pytest.mark.slow
def test_run_ingest_adds_up_the_memory_of_worker_processes(tmp_path):
    ctx = _fake_manage(
        tmp_path,
        "import subprocess, sys, time\n"
        "code = 'import time; b = b\"x\" * (60 * 1024 * 1024); time.sleep(1.5)'\n"
        "workers = [subprocess.Popen([sys.executable, '-c', code]) for _ in range(2)]\n"
        "[w.wait() for w in workers]\n",
    )
    assert ingest.run_ingest(ctx, "corpus.jsonl")["peak_rss_mb"] >= 120


@pytest.mark.slow
def test_a_failing_ingest_raises_with_its_error_output(tmp_path):
    ctx = _fake_manage(
        tmp_path, "import sys\nprint('CommandError: bad line 3', file=sys.stderr)\nsys.exit(2)\n"
    )
    with pytest.raises(RuntimeError, match="bad line 3"):
        ingest.run_ingest(ctx, "corpus.jsonl")


@pytest.mark.slow
def test_an_ingest_that_skipped_some_records_still_counts(tmp_path):
    ctx = _fake_manage(tmp_path, "import sys\nsys.exit(1)\n")
    assert ingest.run_ingest(ctx, "corpus.jsonl")["exit_status"] == 1


@pytest.mark.slow
def test_an_ingest_that_crashed_fails_even_with_exit_status_1(tmp_path):
    ctx = _fake_manage(tmp_path, "raise ImportError('cannot import name extract')\n")
    with pytest.raises(RuntimeError, match="cannot import name extract"):
        ingest.run_ingest(ctx, "corpus.jsonl")
