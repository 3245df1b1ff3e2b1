import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_embedded_postgres_starts_and_answers_a_query(tmp_path):
    code = (
        "import sys, psycopg; from catalogue.embedded_db import embedded_database_url;"
        "url = embedded_database_url(__import__('pathlib').Path(sys.argv[1]));"
        "conn = psycopg.connect(url); print(conn.execute('select 40 + 2').fetchone()[0]);"
        "conn.close(); import pgserver; pgserver.get_server(sys.argv[1]).cleanup()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pgdata")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
