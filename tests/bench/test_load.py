import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        status = 500 if self.path == "/boom" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
def test_load_counts_every_response_by_status_and_stops_at_the_request_bound(server):
    result = load.run_load(
        server, load.cycle(["/ok", "/boom"]), clients=4, duration=60, max_requests=20
    )
    summary = result.summary()
    assert summary["requests"] == 20
    assert summary["statuses"] == {"200": 10, "500": 10}
    assert summary["errors_5xx"] == 10
    assert summary["transport_errors"] == 0
    assert summary["p50_ms"] is not None


@pytest.mark.slow
def test_load_stops_when_asked(server):
    result = load.run_load(server, load.cycle(["/ok"]), clients=2, duration=60, stop=lambda: True)
    assert result.summary()["requests"] == 0


@pytest.mark.slow
def test_connection_failures_are_counted_not_raised():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    result = load.run_load(
        f"http://127.0.0.1:{port}", load.cycle(["/"]), clients=1, duration=60, max_requests=3
    )
    assert result.summary()["transport_errors"] == 3


def test_the_load_generator_only_targets_loopback():
    with pytest.raises(ValueError, match="loopback"):
        load.check_loopback("http://example.org")
    load.check_loopback("http://127.0.0.1:8000")
    load.check_loopback("http://localhost:8000")


def test_a_weighted_mix_is_reproducible_and_never_picks_empty_groups():
    mix = [(3, ["/a"]), (1, ["/b", "/c"]), (5, [])]
    pick, again = load.weighted(mix, seed=3), load.weighted(mix, seed=3)
    first = [pick(i) for i in range(200)]
    assert first == [again(i) for i in range(200)]
    assert set(first) == {"/a", "/b", "/c"}
    assert first.count("/a") > first.count("/b")
