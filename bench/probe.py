"""Runs inside `manage.py shell` against the bench database: picks the URLs pages are timed on.

The app's own `get_absolute_url()` and `reverse()` build them, so the harness follows URL changes.
Prints one JSON object; a missing model, route or admin registration leaves its entry null.
"""

import json
import os
import random

from django.db.models import Count
from django.urls import NoReverseMatch, reverse


def _paper_urls(sample: int) -> list[str]:
    """Papers spread over the id range, the same ones every run (a seeded draw)."""
    from django.db import connection
    from django.db.models import Max, Min

    from papers.models import Paper

    bounds = Paper.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    rng = random.Random(7)
    targets = [rng.randint(bounds["low"], bounds["high"]) for _ in range(sample)]
    # One index probe per target: ORDER BY random() would read every row at 1M papers.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT p.id FROM unnest(%s::bigint[]) AS t(v) CROSS JOIN LATERAL "
            "(SELECT id FROM papers_paper WHERE id >= t.v ORDER BY id LIMIT 1) AS p",
            [targets],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
    return [p.get_absolute_url() for p in Paper.objects.filter(pk__in=ids).only("pk")]


def _busiest(model, relation: str):
    return model.objects.annotate(n=Count(relation)).filter(n__gt=0).order_by("-n", "pk").first()


def _admin_user() -> str | None:
    password = os.environ.get("BENCH_ADMIN_PASSWORD")
    if not password:
        return None
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user_model.objects.filter(username="bench").delete()
    user_model.objects.create_superuser("bench", "bench@example.invalid", password)
    return "bench"


def main(sample: int = 200) -> None:
    from papers.models import Benchmark, Method

    out: dict = {"papers": _paper_urls(sample)}
    method = _busiest(Method, "paper_links")
    out["method"] = method.get_absolute_url() if method else None
    out["method_papers"] = method.n if method else 0
    benchmark = _busiest(Benchmark, "results")
    out["benchmark"] = benchmark.get_absolute_url() if benchmark else None
    out["benchmark_results"] = benchmark.n if benchmark else 0
    try:
        out["admin_changelist"] = reverse("admin:papers_paper_changelist")
    except NoReverseMatch:
        out["admin_changelist"] = None
    out["admin_login"] = reverse("admin:login")
    out["admin_user"] = _admin_user()
    print("BENCH-PROBE " + json.dumps(out))
