"""gunicorn started the way production starts it (docker/start.sh), on a free loopback port."""

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.common import Context


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base_url: str
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            # start.sh execs gunicorn, so this is the arbiter: TERM is its graceful shutdown.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start(ctx: Context, *, ready_timeout: float = 120) -> Server:
    port = free_port()
    env = ctx.env(
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(ctx.web_concurrency),
        PYTHON=ctx.python,
        ALLOWED_HOSTS="127.0.0.1",
    )
    with tempfile.NamedTemporaryFile(
        prefix="bench-gunicorn-", suffix=".log", delete=False, mode="w"
    ) as log:
        process = subprocess.Popen(
            [str(ctx.root / "docker" / "start.sh")],
            cwd=ctx.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", Path(log.name))
    deadline = time.monotonic() + ready_timeout
    while True:
        try:
            with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("gunicorn did not come up:\n" + server.log_tail())
        time.sleep(0.3)


def shared_server(ctx: Context) -> Server:
    """One server for every stage that reads pages; stopped before the database is dropped."""
    server = ctx.state.get("server")
    if server and server.process.poll() is None:
        return server
    ctx.log(f"starting gunicorn ({ctx.web_concurrency} workers) via docker/start.sh")
    server = start(ctx)
    ctx.state["server"] = server

    def stop_server() -> None:
        ctx.state.pop("server", None)
        ctx.state.pop("stop_server", None)
        ctx.state.pop("admin_cookies", None)
        server.stop()
        with contextlib.suppress(OSError):
            os.unlink(server.log_path)

    ctx.state["stop_server"] = stop_server
    return server
