"""Percentiles and medians: the only maths the harness does, kept pure so it can be tested."""

from collections.abc import Iterable, Sequence
from statistics import median


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The pct-th percentile (0-100) by linear interpolation between closest ranks.

    The same definition as numpy's default ("linear"), so figures can be checked with numpy.
    """
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be within 0-100, got {pct}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(latencies_s: Sequence[float], elapsed_s: float) -> dict:
    """Median, p95, p99 and max in milliseconds, and completed requests per second."""

    def ms(pct: float) -> float | None:
        value = percentile(latencies_s, pct)
        return None if value is None else round(value * 1000, 2)

    return {
        "requests": len(latencies_s),
        "req_per_s": round(len(latencies_s) / elapsed_s, 1) if elapsed_s > 0 else None,
        "p50_ms": ms(50),
        "p95_ms": ms(95),
        "p99_ms": ms(99),
        "max_ms": ms(100),
    }


def median_of_runs(runs: Iterable[dict], keys: Iterable[str]) -> dict:
    """For each key, the median of that figure over the runs that have it (None if none do)."""
    runs = list(runs)
    out = {}
    for key in keys:
        values = [run[key] for run in runs if run.get(key) is not None]
        out[key] = round(median(values), 2) if values else None
    return out
