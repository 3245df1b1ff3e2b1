import pytest

from bench.stats import latency_summary, median_of_runs, percentile


def test_percentile_interpolates_between_closest_ranks_like_numpy():
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 0) == 15
    assert percentile(values, 50) == 35
    assert percentile(values, 100) == 50
    # numpy.percentile([15, 20, 35, 40, 50], 40) == 29.0
    assert percentile(values, 40) == pytest.approx(29.0)
    # numpy.percentile(range(1, 101), 95) == 95.05
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_percentile_does_not_depend_on_input_order():
    assert percentile([5, 1, 4, 2, 3], 50) == 3
    assert percentile([3.0], 99) == 3.0


def test_percentile_of_nothing_is_none_and_bad_percentages_are_refused():
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_latency_summary_reports_milliseconds_and_requests_per_second():
    summary = latency_summary([0.010, 0.020, 0.030, 0.040], elapsed_s=2.0)
    assert summary["requests"] == 4
    assert summary["req_per_s"] == 2.0
    assert summary["p50_ms"] == 25.0
    assert summary["max_ms"] == 40.0


def test_latency_summary_of_a_run_without_responses_has_no_percentiles():
    summary = latency_summary([], elapsed_s=1.0)
    assert summary["requests"] == 0
    assert summary["p95_ms"] is None


def test_median_of_runs_takes_each_figure_separately_and_skips_missing_values():
    runs = [
        {"p95_ms": 30, "req_per_s": 100},
        {"p95_ms": 10, "req_per_s": None},
        {"p95_ms": 20, "req_per_s": 300},
    ]
    assert median_of_runs(runs, ["p95_ms", "req_per_s", "absent"]) == {
        "p95_ms": 20,
        "req_per_s": 200,
        "absent": None,
    }
