"""An embedded Postgres for local runs, so a new user needs no database installed.

Used only when DATABASE_URL is unset. The server binaries come from the pgserver wheel; the data
folder lives in the checkout (git-ignored) and the server keeps running between commands, so
later starts only attach to it.
"""

import warnings
from pathlib import Path


def embedded_database_url(data_dir: Path) -> str:
    # pgserver asks platformdirs for a runtime folder, which warns on machines without
    # XDG_RUNTIME_DIR (servers, containers) although the fallback it picks works.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set", module="platformdirs")
    import pgserver

    # cleanup_mode=None: leave the server running for the next manage.py or test process.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    return server.get_uri()
