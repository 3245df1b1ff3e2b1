"""A small asyncio + httpx load generator, bounded by duration and request count.

Runs in the harness's process, never in the server's: gunicorn is a separate process tree and
every request crosses loopback TCP. Also usable on its own:

    .venv/bin/python bench/load.py http://127.0.0.1:8000 / /?q=segmentation -c 8 -d 10 --json
"""

import argparse
import asyncio
import itertools
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import httpx  # noqa: E402

from bench.stats import latency_summary  # noqa: E402

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

Picker = Callable[[int], str]


def check_loopback(base_url: str) -> None:
    host = urlsplit(base_url).hostname
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"the load generator only targets loopback, not {host!r}")


def cycle(paths: Sequence[str]) -> Picker:
    """Request the paths in turn."""
    if not paths:
        raise ValueError("no paths to request")
    return lambda i: paths[i % len(paths)]


def weighted(mix: Sequence[tuple[float, Sequence[str]]], seed: int = 1) -> Picker:
    """Pick a group by weight, then a path from it at random; the same seed, the same sequence."""
    mix = [(w, list(paths)) for w, paths in mix if w > 0 and paths]
    if not mix:
        raise ValueError("no paths to request")
    rng = random.Random(seed)
    weights = [w for w, _ in mix]
    groups = [paths for _, paths in mix]
    return lambda i: rng.choice(rng.choices(groups, weights)[0])


@dataclass
class LoadResult:
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    # A few non-2xx responses and failures, to make a bad run explainable.
    samples: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        out = latency_summary(self.latencies, self.elapsed)
        out["seconds"] = round(self.elapsed, 2)
        out["statuses"] = {str(code): n for code, n in sorted(self.statuses.items())}
        out["errors_5xx"] = sum(n for code, n in self.statuses.items() if code >= 500)
        out["transport_errors"] = sum(self.errors.values())
        if self.errors:
            out["error_kinds"] = dict(self.errors)
        if self.samples:
            out["samples"] = self.samples[:10]
        return out


async def generate_load(
    base_url: str,
    pick: Picker,
    *,
    clients: int,
    duration: float,
    max_requests: int | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    stop: Callable[[], bool] | None = None,
) -> LoadResult:
    """`clients` concurrent loops of request-then-wait-for-the-whole-body until time is up."""
    check_loopback(base_url)
    result = LoadResult()
    issued = itertools.count()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        limits=limits,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment must never sit on the loopback path
    ) as client:
        started = time.perf_counter()
        deadline = started + duration

        async def worker() -> None:
            while time.perf_counter() < deadline and not (stop and stop()):
                n = next(issued)
                if max_requests is not None and n >= max_requests:
                    return
                path = pick(n)
                t0 = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.HTTPError as exc:
                    result.errors[type(exc).__name__] += 1
                    if len(result.samples) < 10:
                        result.samples.append(f"{path}: {type(exc).__name__} {exc}")
                    continue
                result.latencies.append(time.perf_counter() - t0)
                result.statuses[response.status_code] += 1
                if response.status_code >= 400 and len(result.samples) < 10:
                    result.samples.append(f"{path}: HTTP {response.status_code}")

        await asyncio.gather(*(worker() for _ in range(clients)))
        result.elapsed = time.perf_counter() - started
    return result


def run_load(base_url: str, pick: Picker, **kwargs) -> LoadResult:
    return asyncio.run(generate_load(base_url, pick, **kwargs))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="for example http://127.0.0.1:8000 (loopback only)")
    parser.add_argument("paths", nargs="+", help="paths requested in turn")
    parser.add_argument("-c", "--clients", type=int, default=8)
    parser.add_argument("-d", "--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("-n", "--max-requests", type=int, default=None)
    parser.add_argument("-H", "--header", action="append", default=[], help="'Name: value'")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    headers = dict(h.split(":", 1) for h in args.header)
    headers = {k.strip(): v.strip() for k, v in headers.items()}
    result = run_load(
        args.base_url,
        cycle(args.paths),
        clients=args.clients,
        duration=args.duration,
        max_requests=args.max_requests,
        headers=headers,
    )
    summary = result.summary()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key:>16}: {value}")
    return 1 if summary["errors_5xx"] or summary["transport_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
