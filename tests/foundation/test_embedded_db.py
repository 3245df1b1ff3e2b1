import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_embedded_postgres_starts_and_answers_a_query(tmp_path):
    code = (
        "import sys, pathlib, psycopg, pgserver;"
        "from pgserver._commands import pg_ctl;"
        "from catalogue.embedded_db import embedded_database_url;"
        "data = pathlib.Path(sys.argv[1]); url = embedded_database_url(data);"
        "conn = psycopg.connect(url); print(conn.execute('select 40 + 2').fetchone()[0]);"
        "conn.close();"
        # The server outlives the process on purpose (later commands reuse it); a test stops it.
        "user = pgserver.get_server(data).system_user;"
        "pg_ctl(['-w', '-m', 'fast', 'stop'], pgdata=data, user=user)"
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
