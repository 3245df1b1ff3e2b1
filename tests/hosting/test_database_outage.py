"""Stop and start a real Postgres under a running gunicorn and watch the app recover.

The server is an embedded one of the test's own (pgserver), so stopping it cannot disturb
the machine's Postgres that the rest of the suite uses.
"""

import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import ROOT
from tests.foundation.test_hosting import _free_port


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # not listening yet


def _wait_for(url: str, status: int, seconds: float) -> float:
    started = time.monotonic()
    while _get(url) != status:
        if time.monotonic() - started > seconds:
            pytest.fail(f"{url} did not answer {status} within {seconds} s")
        time.sleep(0.2)
    return time.monotonic() - started


@pytest.mark.slow
def test_requests_get_503_during_an_outage_and_recover_after(tmp_path):
    import subprocess

    import pgserver
    from pgserver._commands import pg_ctl

    pgdata = tmp_path / "pgdata"
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    url = server.get_uri()
    socket_dir = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["host"][0]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHON": sys.executable,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONNECT_TIMEOUT": "2",
    }
    log = (tmp_path / "server.log").open("w")
    web = subprocess.Popen([str(ROOT / "docker" / "start.sh")], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz", 200, 90)
        assert _get(f"{base}/") == 200

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user)
        assert _get(f"{base}/") == 503
        assert _get(f"{base}/healthz") == 503

        pg_ctl(
            ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(server.log), "start"],
            pgdata=pgdata,
            user=server.system_user,
        )
        recovered_in = _wait_for(f"{base}/", 200, 10)
        assert recovered_in < 10
        assert _get(f"{base}/healthz") == 200
    finally:
        web.terminate()
        web.wait(timeout=20)
        server.cleanup()
