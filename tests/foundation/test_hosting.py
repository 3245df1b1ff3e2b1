import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
import yaml
from jsonschema import Draft7Validator

from tests.conftest import ROOT

SCHEMA = ROOT.parent / "shared" / "schemas" / "compose-spec.json"


def test_docker_compose_file_matches_the_compose_spec():
    if not SCHEMA.exists():
        pytest.fail(f"compose schema not found at {SCHEMA}: CI clones beside shared/")
    schema = json.loads(SCHEMA.read_text())
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    errors = sorted(Draft7Validator(schema).iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_has_a_healthy_db_and_a_web_service_built_here():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert db["image"].startswith("postgres:")
    assert "healthcheck" in db
    assert any(v.startswith("pgdata:") for v in db["volumes"])
    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_dockerfile_runs_as_a_non_root_user_from_a_slim_image():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.12-slim" in dockerfile
    assert "\nUSER catalogue" in dockerfile
    assert 'CMD ["/app/docker/start.sh"]' in dockerfile


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def scratch_database():
    """A database of its own, because the start script migrates outside the test transaction."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        pytest.skip("needs DATABASE_URL pointing at a Postgres server")
    name = f"catalogue_start_{os.getpid()}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_start_script_migrates_collects_static_and_serves_with_gunicorn(scratch_database, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database,
        "PYTHON": sys.executable,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(ROOT / "docker" / "start.sh")], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("server did not answer:\n" + Path(log.name).read_text())
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            html = page.read().decode()
        css = html.split('href="/static/css/', 1)[1].split('"', 1)[0]
        # Hashed file names prove collectstatic ran with the manifest storage.
        assert len(css.split(".")) == 3, css
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/{css}", timeout=5) as r:
            assert "max-age=315360000" in r.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=20)
