import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from papers.ingest import pipeline
from papers.ingest.pipeline import Options
from tests.conftest import ROOT, database_url
from tests.ingest.fakes import FAKE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
AS_OF = date(2025, 6, 1)
FAKE_MANAGE = str(Path(__file__).resolve().parent / "fake_manage.py")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def ingest():
    """Run the pipeline with the fake extractor: ingest(paths..., **options) -> IngestReport."""

    def run(*paths, extractor=FAKE, **options):
        options.setdefault("as_of", AS_OF)
        return pipeline.ingest(Options([str(p) for p in paths], **options), extractor=extractor)

    return run


@pytest.fixture
def fake_default_extractor(monkeypatch):
    """`manage.py ingest` through call_command, with the fake extractor."""
    monkeypatch.setattr(pipeline, "default_extractor", lambda: FAKE)


@pytest.fixture
def write(tmp_path):
    """write(name, text or bytes) -> path of a new file under tmp_path."""

    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


@pytest.fixture
def manage_on_test_db():
    """Run manage.py in a subprocess against the test database (for transaction=True tests)."""
    url = database_url(connection.settings_dict)

    def run(*args, timeout=120, fake=True):
        """manage.py ARGS in a subprocess; `fake` swaps in the fake extractor."""
        command = [FAKE_MANAGE, *args] if fake else ["manage.py", *args]
        return subprocess.run(
            [sys.executable, *command],
            cwd=ROOT,
            env=run.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def popen(*args, fake=True, **kwargs):
        command = [FAKE_MANAGE, *args] if fake else ["manage.py", *args]
        return subprocess.Popen([sys.executable, *command], cwd=ROOT, env=run.env, **kwargs)

    run.env = {**os.environ, "DATABASE_URL": url}
    run.url = url
    run.popen = popen
    return run
