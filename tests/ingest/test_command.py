"""`manage.py ingest` as users run it: output, exit statuses, the lock, kill and resume."""

import io
import signal
import time

import psycopg
import pytest
from django.core.management import call_command

from papers.ingest.lock import LOCK_KEY
from papers.ingest.report import ExitStatus
from papers.models import IngestRun, Paper, PaperSource
from tests.conftest import run_manage
from tests.ingest.conftest import SAMPLE


def ingest_command(*args) -> tuple[str, ExitStatus]:
    from papers.management.commands.ingest import Command

    out = io.StringIO()
    command = Command(stdout=out, stderr=io.StringIO())
    call_command(command, *args)
    return out.getvalue(), command.exit_status


@pytest.mark.django_db
def test_it_prints_a_summary_per_file_and_says_when_nothing_changed(
    fake_default_extractor, fixtures
):
    out, status = ingest_command(str(fixtures / "listing.jsonl"), str(fixtures / "daily.txt"))
    assert status is ExitStatus.OK
    assert "tests/fixtures/ingest/listing.jsonl  jsonl" in out
    assert "Total" in out and "6 created, 1 updated, 0 unchanged, 0 skipped" in out
    out, status = ingest_command(str(fixtures / "listing.jsonl"), str(fixtures / "daily.txt"))
    assert "Nothing changed: 0 created, 0 updated, 7 unchanged, 0 skipped" in out


@pytest.mark.django_db
def test_it_lists_problems_with_file_and_line(fake_default_extractor, fixtures):
    out, status = ingest_command(str(fixtures / "malformed.jsonl"))
    assert status is ExitStatus.SKIPPED
    assert "tests/fixtures/ingest/malformed.jsonl:2: malformed JSON" in out


@pytest.mark.django_db
def test_verbosity_0_prints_nothing(fake_default_extractor, fixtures):
    out, _ = ingest_command(str(fixtures / "listing.jsonl"), "-v", "0")
    assert out == ""
    assert Paper.objects.count() == 3


@pytest.mark.django_db
def test_dry_run_says_so_and_writes_nothing(fake_default_extractor, fixtures):
    out, _ = ingest_command(str(fixtures / "listing.jsonl"), "--dry-run")
    assert "Dry run, nothing written: 3 created" in out
    assert Paper.objects.count() == 0 and IngestRun.objects.count() == 0


def test_help_documents_the_exit_statuses():
    result = run_manage("ingest", "--help", env={"SECRET_KEY": "x"})
    assert result.returncode == 0
    for line in (
        "0  everything was read",
        "1  some records (or whole files) were skipped",
        "2  nothing could be read",
        "3  another ingest is running and --no-wait was given",
    ):
        assert line in result.stdout
    assert "--dry-run" in result.stdout and "--as-of" in result.stdout


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_exit_status_is_0_1_or_2(manage_on_test_db, fixtures):
    ok = manage_on_test_db("ingest", str(fixtures / "listing.jsonl"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""  # no progress bar when not on a terminal
    some = manage_on_test_db("ingest", str(fixtures / "latin1.txt"))
    assert some.returncode == 1
    assert "latin1.txt:2: not UTF-8" in some.stdout
    none = manage_on_test_db("ingest", str(fixtures / "empty.txt"), str(fixtures / "unknown.txt"))
    assert none.returncode == 2


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_sample_loads_with_real_extraction_and_twice_is_unchanged(manage_on_test_db):
    first = manage_on_test_db("ingest", str(SAMPLE), fake=False, timeout=300)
    assert first.returncode == 0, first.stderr
    assert Paper.objects.count() == 80
    second = manage_on_test_db("ingest", str(SAMPLE), fake=False, timeout=300)
    assert second.returncode == 0
    assert "Nothing changed: 0 created, 0 updated, 81 unchanged, 0 skipped" in second.stdout


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_second_ingest_waits_for_the_first_or_exits_with_no_wait(manage_on_test_db, fixtures):
    path = str(fixtures / "listing.jsonl")
    with psycopg.connect(manage_on_test_db.url, autocommit=True) as holder:
        # Stands in for a running ingest: the same session-level lock.
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        refused = manage_on_test_db("ingest", "--no-wait", path)
        assert refused.returncode == 3
        assert "Another ingest is running; not waiting (--no-wait)" in refused.stderr
        waiting = manage_on_test_db.popen("ingest", path, stdout=-1, stderr=-1, text=True)

        def blocked():
            row = holder.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()
            return row[0] == 1

        assert _wait_for(blocked)
        assert waiting.poll() is None and Paper.objects.count() == 0
        holder.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "waiting for it to finish" in err
    assert Paper.objects.count() == 3


def many(n: int) -> str:
    return "".join(
        f'{{"id": "2506.{i:05d}", "title": "Paper number {i} of many", "abstract": '
        f'"We propose Method Number{i} (MN{i}), reaching {i % 90}.5% accuracy on ImageNet. '
        f'Code: https://github.com/lab/repo{i}"}}\n'
        for i in range(n)
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_killed_run_leaves_whole_papers_and_the_next_run_completes_it(
    manage_on_test_db, tmp_path
):
    total, batch = 6000, 50
    path = tmp_path / "many.jsonl"
    path.write_text(many(total))
    proc = manage_on_test_db.popen("ingest", str(path), "--batch-size", str(batch), "-v", "0")
    assert _wait_for(lambda: Paper.objects.count() >= 4 * batch)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    loaded = Paper.objects.count()
    assert 0 < loaded < total
    assert loaded % batch == 0  # whole batches only
    assert not Paper.objects.filter(sources__isnull=True).exists()
    assert PaperSource.objects.count() == loaded
    assert Paper.objects.filter(has_code=True).count() == loaded  # links came with each paper
    assert Paper.objects.refresh_facets() == 0
    assert IngestRun.objects.get().status == IngestRun.Status.RUNNING

    again = manage_on_test_db("ingest", str(path), timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{total - loaded} created, 0 updated, {loaded} unchanged, 0 skipped" in again.stdout
    assert Paper.objects.count() == total
    killed, finished = IngestRun.objects.order_by("started_at")
    assert killed.status == IngestRun.Status.FAILED
    assert finished.status == IngestRun.Status.FINISHED


@pytest.mark.django_db
def test_as_of_dates_year_less_daily_papers_dates(fake_default_extractor, fixtures):
    ingest_command(str(fixtures / "daily.txt"), "--as-of", "2025-06-01", "-v", "0")
    whale = Paper.objects.get(title__startswith="Whale Songs")
    assert str(whale.published) == "2024-07-17"
    ingest_command(str(fixtures / "daily.txt"), "--as-of", "2025-08-01", "-v", "0")
    whale.refresh_from_db()
    assert str(whale.published) == "2025-07-17"


@pytest.mark.django_db
def test_format_can_be_forced_from_the_command_line(fake_default_extractor, write):
    path = write("notes.dat", "Abstract:An abstract in a file with an unhelpful name.\n")
    out, status = ingest_command(str(path), "--format", "abstract_lines")
    assert status is ExitStatus.OK and Paper.objects.count() == 1
