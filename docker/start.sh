#!/bin/sh
# Container start: bring the schema and static files up to date, then serve with gunicorn.
# Runs unchanged outside Docker too (tests start it against a local Postgres).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

"$PYTHON" manage.py migrate --no-input
"$PYTHON" manage.py collectstatic --no-input --verbosity 0

exec "$PYTHON" -m gunicorn catalogue.wsgi:application \
    --bind "${BIND:-0.0.0.0:8000}" \
    --workers "${WEB_CONCURRENCY:-4}" \
    --timeout "${GUNICORN_TIMEOUT:-30}" \
    --access-logfile - \
    --access-logformat '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s}'
