"""Stages `pages` (each page at 1 and 8 clients) and `load` (mixed pages, many clients)."""

import html
import json
import re
import secrets
from urllib.parse import parse_qsl, quote_plus, urlsplit

import httpx

from bench import load
from bench.common import Context, Skip, manage
from bench.ingest import ensure_loaded
from bench.server import Server, shared_server
from bench.stats import median_of_runs

CLIENTS = (1, 8)
MAX_REQUESTS_PER_RUN = 5000
SUMMARY_KEYS = ["p50_ms", "p95_ms", "p99_ms", "max_ms", "req_per_s"]
# Parameters that page or order the catalogue rather than narrow it.
NOT_FACETS = {"q", "page", "sort", "order", "per_page"}
# The mixed load searches for a spread of words, so it is not served from one cached result.
QUERY_WORDS = [
    "segmentation",
    "detection",
    "diffusion",
    "language",
    "retrieval",
    "reinforcement",
    "graph",
    "transformer",
    "video",
    "3d",
    "reasoning",
    "medical",
    "speech",
    "tracking",
    "benchmark",
    "agents",
    "robot",
    "generation",
    "alignment",
    "compression",
]
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def search_path(query: str) -> str:
    return "/?q=" + quote_plus(query)


def facet_links(page_html: str, query: str) -> list[str]:
    """Links on a catalogue page that keep the query and narrow it by at least one facet."""
    links = []
    for raw in _HREF.findall(page_html):
        href = html.unescape(raw)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or parts.path not in ("", "/"):
            continue
        params = parse_qsl(parts.query, keep_blank_values=False)
        if ("q", query) not in params or not any(k not in NOT_FACETS for k, _ in params):
            continue
        url = "/?" + parts.query
        if url not in links:
            links.append(url)
    return links


def probe(ctx: Context, *, scaled: bool) -> dict:
    """URLs to time, picked from the bench database by the app's own code (bench/probe.py)."""
    key = ("probe", scaled)
    if key not in ctx.state:
        password = secrets.token_urlsafe(24)
        proc = manage(
            ctx,
            "shell",
            "-c",
            "from bench.probe import main; main()",
            env=ctx.env(BENCH_ADMIN_PASSWORD=password),
        )
        line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH-PROBE "))
        found = json.loads(line.removeprefix("BENCH-PROBE "))
        found["admin_password"] = password
        ctx.state[key] = found
    return ctx.state[key]


def admin_headers(server: Server, found: dict) -> dict[str, str]:
    """Log in through /admin/login/ as a browser would and return the session cookie header."""
    with httpx.Client(base_url=server.base_url, trust_env=False, timeout=30) as client:
        form = client.get(found["admin_login"])
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        if form.status_code != 200 or not match:
            raise RuntimeError(f"admin login form: HTTP {form.status_code}, no CSRF token")
        response = client.post(
            found["admin_login"],
            data={
                "username": found["admin_user"],
                "password": found["admin_password"],
                "csrfmiddlewaretoken": match.group(1),
                "next": found["admin_changelist"],
            },
        )
        session = client.cookies.get("sessionid")
        if response.status_code != 302 or not session:
            raise RuntimeError(f"admin login failed: HTTP {response.status_code}")
        return {"Cookie": f"sessionid={session}"}


def page_plan(ctx: Context, server: Server, found: dict) -> list[dict]:
    """The pages to time: name, paths (requested in turn), headers, and why one is missing."""
    query = ctx.query
    search = search_path(query)
    plan = [
        {"name": "catalogue", "paths": ["/"]},
        {"name": "catalogue_query", "paths": [search]},
    ]
    facet = {"name": "catalogue_query_facet", "paths": []}
    try:
        with httpx.Client(base_url=server.base_url, trust_env=False, timeout=60) as client:
            links = facet_links(client.get(search).text, query)
    except httpx.HTTPError:
        links = []
    if links:
        facet["paths"] = links[:1]
    else:
        facet["missing"] = f"no facet links on {search} yet"
    plan.append(facet)
    paper = {"name": "paper", "paths": found["papers"]}
    if not found["papers"]:
        paper["missing"] = "no papers"
    plan.append(paper)
    for name in ("benchmark", "method"):
        if found.get(name):
            plan.append({"name": name, "paths": [found[name]]})
        else:
            plan.append({"name": name, "paths": [], "missing": f"no {name} with links yet"})
    admin = {"name": "admin_changelist", "paths": []}
    if not found.get("admin_changelist"):
        admin["missing"] = "Paper is not registered in the admin yet"
    else:
        admin["paths"] = [found["admin_changelist"]]
        try:
            admin["headers"] = admin_headers(server, found)
        except (RuntimeError, httpx.HTTPError) as exc:
            admin["error"] = str(exc)
    plan.append(admin)
    return plan


def warm_up(server: Server, paths: list[str], headers: dict | None) -> tuple[int, str] | None:
    """Request each path once (up to 20); the first answer that is not a 200, if any."""
    with httpx.Client(
        base_url=server.base_url, headers=headers, trust_env=False, timeout=60
    ) as client:
        for path in paths[:20]:
            response = client.get(path)
            if response.status_code != 200:
                return response.status_code, f"{path} answered HTTP {response.status_code}"
    return None


def measure(ctx: Context, server: Server, page: dict, clients: int) -> dict:
    runs = []
    for _ in range(ctx.runs):
        result = load.run_load(
            server.base_url,
            load.cycle(page["paths"]),
            clients=clients,
            duration=ctx.page_seconds,
            max_requests=MAX_REQUESTS_PER_RUN,
            headers=page.get("headers"),
        )
        runs.append(result.summary())
    figures = median_of_runs(runs, SUMMARY_KEYS)
    figures["requests"] = sum(r["requests"] for r in runs)
    figures["errors_5xx"] = sum(r["errors_5xx"] for r in runs)
    figures["transport_errors"] = sum(r["transport_errors"] for r in runs)
    statuses: dict[str, int] = {}
    for run in runs:
        for code, n in run["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
    figures["statuses"] = statuses
    return figures


def pages_stage(ctx: Context, *, scaled: bool = False) -> dict:
    ensure_loaded(ctx, scaled=scaled)
    server = shared_server(ctx)
    found = probe(ctx, scaled=scaled)
    figures: dict = {}
    # Pages not timed: "skipped" (not there yet) or "failed" (a server error on warm-up).
    untimed: dict[str, dict] = {}
    urls: dict = {}
    for page in page_plan(ctx, server, found):
        name = page["name"]
        if page.get("missing"):
            untimed[name] = {"status": "skipped", "note": page["missing"]}
            continue
        if page.get("error"):
            untimed[name] = {"status": "failed", "note": page["error"]}
            continue
        problem = warm_up(server, page["paths"], page.get("headers"))
        if problem:
            status, why = problem
            untimed[name] = {"status": "failed" if status >= 500 else "skipped", "note": why}
            ctx.log(f"{name}: not timed, {why}")
            continue
        urls[name] = page["paths"][0] if len(page["paths"]) == 1 else page["paths"][:3] + ["..."]
        for clients in CLIENTS:
            ctx.log(f"{name} at {clients} client(s): {ctx.runs} x {ctx.page_seconds:g} s")
            figures[f"{name}@c{clients}"] = result = measure(ctx, server, page, clients)
            ctx.log(
                f"  p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
                f"{result['req_per_s']} req/s, statuses {result['statuses']}"
            )
    if not figures:
        if any(u["status"] == "failed" for u in untimed.values()):
            raise RuntimeError("; ".join(f"{k}: {u['note']}" for k, u in untimed.items()))
        raise Skip("; ".join(f"{k}: {u['note']}" for k, u in untimed.items()) or "no pages")
    return {"figures": figures, "untimed": untimed, "urls": urls}


def mixed_paths(ctx: Context, server: Server, found: dict) -> list[tuple[float, list[str]]]:
    facet = []
    try:
        with httpx.Client(base_url=server.base_url, trust_env=False, timeout=60) as client:
            facet = facet_links(client.get(search_path(ctx.query)).text, ctx.query)[:20]
    except httpx.HTTPError:
        pass
    return [
        (15, ["/"]),
        (30, [search_path(word) for word in QUERY_WORDS]),
        (10, facet),
        (30, found["papers"]),
        (5, [found["method"]] if found.get("method") else []),
        (5, [found["benchmark"]] if found.get("benchmark") else []),
    ]


def load_stage(ctx: Context, *, scaled: bool = False) -> dict:
    ensure_loaded(ctx, scaled=scaled)
    server = shared_server(ctx)
    found = probe(ctx, scaled=scaled)
    mix = mixed_paths(ctx, server, found)
    ctx.log(
        f"mixed load: {ctx.load_clients} clients for {ctx.load_seconds:g} s "
        f"over {sum(len(p) for _, p in mix)} URLs"
    )
    warm_up(server, [paths[0] for _, paths in mix if paths], None)
    result = load.run_load(
        server.base_url,
        load.weighted(mix),
        clients=ctx.load_clients,
        duration=ctx.load_seconds,
        timeout=60,
    ).summary()
    result["clients"] = ctx.load_clients
    ctx.log(f"  {result['req_per_s']} req/s, p95 {result['p95_ms']} ms, {result['statuses']}")
    mix_desc = {
        "weights": [w for w, _ in mix],
        "groups": ["/", "/?q=<20 words>", "query+facet", "papers", "method", "benchmark"],
    }
    return {"figures": {"mixed": result}, "mix": mix_desc}
