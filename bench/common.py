"""What every stage shares: the run's settings (Context), subprocess helpers and Skip."""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv-listings-75k.jsonl.gz"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/catalogue_bench"
QUICK_RECORDS = 10_000
# Generated corpus subsets live outside the repository: corpus data is never committed.
WORK_DIR = Path(tempfile.gettempdir()) / "paper-catalogue-bench"


class Skip(Exception):  # noqa: N818 - a stage outcome, not an error
    """The thing a stage measures does not exist yet; the message says what is missing."""


@dataclass
class Context:
    root: Path = ROOT
    corpus: Path = DEFAULT_CORPUS
    database_url: str = DEFAULT_DATABASE_URL
    quick: bool = False
    scale: str = "75k"
    runs: int = 3
    python: str = sys.executable
    query: str = "segmentation"
    web_concurrency: int = 4
    page_seconds: float = 10.0
    load_seconds: float = 60.0
    load_clients: int = 32
    verbose: bool = True
    secret_key: str = field(default_factory=lambda: "bench-" + secrets.token_urlsafe(40))
    # Filled in as stages run: shared state such as the running server.
    state: dict = field(default_factory=dict)

    @property
    def mode(self) -> str:
        return "quick" if self.quick else "full"

    @property
    def ingest_command(self) -> Path:
        return self.root / "papers" / "management" / "commands" / "ingest.py"

    def env(self, **extra: str) -> dict[str, str]:
        """Production settings pointed at the bench database, for manage.py and gunicorn."""
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": self.secret_key,
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            # Plain HTTP on loopback: secure-only cookies would never come back to the server.
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        env.update(extra)
        return env

    def log(self, message: str) -> None:
        if self.verbose:
            print(f"  {message}", file=sys.stderr, flush=True)


def manage(ctx: Context, *args: str, timeout: float = 600, env: dict | None = None):
    """Run manage.py in its own process against the bench database; raise on failure."""
    proc = subprocess.run(
        [ctx.python, "manage.py", *args],
        cwd=ctx.root,
        env=env or ctx.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n" + "\n".join(tail))
    return proc


def one_core_prefix() -> list[str]:
    """`taskset -c 0` where available, so a "one core" figure cannot use the second core."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", "0"] if taskset else []
