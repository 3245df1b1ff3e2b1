"""The labelled set stays well-formed, and extraction does not regress on its dev split."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "extraction" / "gold.jsonl"


def _records() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_gold_records_are_well_formed():
    records = _records()
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert record["split"] in ("dev", "test")
        assert record["abstract"].strip()
        for method in record["methods"]:
            assert set(method) == {"name", "acronym", "proposed"}
        for result in record["results"]:
            assert result["kind"] in ("absolute", "gain")
            assert isinstance(result["value"], (int, float))
    assert sum(r["split"] == "test" for r in records) >= 0.3 * len(records)


@pytest.fixture(scope="module")
def dev_scores() -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_extraction import score

    return score(r for r in _records() if r["split"] == "dev")


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("links", 0.99),
        ("proposed_methods", 0.85),
        ("methods", 0.85),
        ("datasets", 0.85),
        ("results", 0.85),
    ],
)
def test_it_does_not_regress_on_the_dev_split(dev_scores, field, floor):
    assert dev_scores[field]["f1"] >= floor
