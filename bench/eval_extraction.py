"""Precision, recall and F1 of papers.extraction against the hand-labelled sets.

python bench/eval_extraction.py            # table for dev, test, all and unseen
python bench/eval_extraction.py --json     # the same figures as JSON, for the bench harness
python bench/eval_extraction.py --errors dev   # list misses and false hits for one split

dev, test and all (dev + test) are the gold set, abstracts included; rules are tuned on dev and
test. unseen is the held-out set: its labels carry no text, so title, abstract and comment are
read from the corpus by arXiv id. Without the corpus the unseen split is left out, with a note.
"""

import argparse
import gzip
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import DEFAULT_CORPUS  # noqa: E402
from papers.extraction import entity_key, extract, metric_key  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "extraction" / "gold.jsonl"
UNSEEN = ROOT / "tests" / "fixtures" / "extraction" / "unseen.jsonl"
FIELDS = ("links", "proposed_methods", "methods", "datasets", "results")


def _keys(name: str, acronym: str = "") -> set[str]:
    return {k for k in (entity_key(name), entity_key(acronym) if acronym else "") if k}


def _match(
    gold: list, predicted: list, same: Callable[[object, object], bool]
) -> tuple[int, list, list, list[tuple[object, object]]]:
    """Greedy one-to-one matching: (true positives, misses, false hits, matched pairs)."""
    unused = list(predicted)
    pairs = []
    misses = []
    for g in gold:
        hit = next((p for p in unused if same(g, p)), None)
        if hit is None:
            misses.append(g)
        else:
            unused.remove(hit)
            pairs.append((g, hit))
    return len(pairs), misses, unused, pairs


def _same_url(g: str, p: str) -> bool:
    # Host names are case-insensitive (RFC 3986): the extractor writes them in lower case.
    return urlsplit(g)._replace(netloc=urlsplit(g).netloc.lower()) == urlsplit(p)


def _entity_same(g: dict, p: object) -> bool:
    return bool(_keys(g["name"], g.get("acronym", "")) & _keys(p.name, p.acronym))


def _result_same(g: dict, p: object) -> bool:
    return (
        metric_key(g["metric"]) == metric_key(p.metric)
        and abs(g["value"] - p.value) <= 0.01
        and g["kind"] == p.kind
    )


def score(records: Iterable[dict], show_errors: bool = False) -> dict:
    totals = {f: [0, 0, 0] for f in FIELDS}  # tp, gold, predicted
    dataset_right = dataset_total = 0
    for record in records:
        got = extract(record["abstract"], record.get("title", ""), record.get("comment", ""))
        comparisons = {
            "links": (record["links"], [link.url for link in got.links], _same_url),
            "proposed_methods": (
                [m for m in record["methods"] if m["proposed"]],
                [m for m in got.methods if m.proposed],
                _entity_same,
            ),
            "methods": (record["methods"], list(got.methods), _entity_same),
            "datasets": (record["datasets"], list(got.datasets), _entity_same),
            "results": (record["results"], list(got.results), _result_same),
        }
        for field, (gold, predicted, same) in comparisons.items():
            tp, misses, extra, pairs = _match(gold, predicted, same)
            totals[field][0] += tp
            totals[field][1] += len(gold)
            totals[field][2] += len(predicted)
            if field == "results":
                for g, p in pairs:
                    dataset_total += 1
                    dataset_right += entity_key(g["dataset"]) == entity_key(p.dataset)
            if show_errors and (misses or extra):
                print(f"[{record['id']}] {field}")
                for m in misses:
                    print("   miss:", _show(m))
                for e in extra:
                    print("   extra:", _show(e))
    report = {}
    for field, (tp, n_gold, n_pred) in totals.items():
        p = tp / n_pred if n_pred else 1.0
        r = tp / n_gold if n_gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        report[field] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f1, 3), "gold": n_gold}
    report["result_dataset_accuracy"] = (
        round(dataset_right / dataset_total, 3) if dataset_total else 1.0
    )
    return report


def _show(item: object) -> str:
    if isinstance(item, dict):
        return json.dumps(item, ensure_ascii=False)
    if hasattr(item, "metric"):
        return f"{item.metric} {item.value} {item.kind} [{item.dataset}]"
    if hasattr(item, "name"):
        flag = " (proposed)" if getattr(item, "proposed", False) else ""
        return f"{item.name} / {item.acronym}{flag}"
    return str(item)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def with_text(labels: list[dict], corpus: Path) -> list[dict]:
    """The labels found in the corpus, with its title, abstract and comment; reads the gzip once,
    up to the last id."""
    wanted = {label["id"]: label for label in labels}
    found: dict[str, dict] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("id") in wanted:
                text = {k: row.get(k) or "" for k in ("title", "abstract", "comment")}
                found[row["id"]] = {**wanted[row["id"]], **text}
                if len(found) == len(wanted):
                    break
    return [found[label["id"]] for label in labels if label["id"] in found]


def splits(gold: Path, unseen: Path, corpus: Path) -> dict[str, list[dict]]:
    """dev, test and all from the gold set; unseen when the corpus has its text."""
    records = _read_jsonl(gold)
    by_split = {
        "dev": [r for r in records if r["split"] == "dev"],
        "test": [r for r in records if r["split"] == "test"],
        "all": records,
    }
    if not corpus.exists():
        note = f"note: corpus not found at {corpus}; unseen split not reported (see --corpus)"
        print(note, file=sys.stderr)
        return by_split
    labels = _read_jsonl(unseen)
    found = with_text(labels, corpus)
    if len(found) < len(labels):
        print(f"note: {len(labels) - len(found)} unseen ids are not in {corpus}", file=sys.stderr)
    if found:
        by_split["unseen"] = found
    return by_split


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--unseen", type=Path, default=UNSEEN, help="held-out labels, no text")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="text of --unseen")
    parser.add_argument(
        "--errors",
        choices=("dev", "test", "all", "unseen"),
        help="list misses and false hits for a split",
    )
    args = parser.parse_args(argv)
    by_split = splits(args.gold, args.unseen, args.corpus)
    if args.errors:
        score(by_split.get(args.errors, []), show_errors=True)
        return
    report = {split: score(records) for split, records in by_split.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{'field':<18}" + "".join(f"{s + f' ({len(by_split[s])})':>24}" for s in report))
    print(f"{'':<18}" + "".join(f"{'P':>8}{'R':>8}{'F1':>8}" for _ in report))
    for field in FIELDS:
        row = "".join(
            f"{report[s][field]['p']:>8.2f}{report[s][field]['r']:>8.2f}{report[s][field]['f1']:>8.2f}"
            for s in report
        )
        print(f"{field:<18}{row}")
    print(
        f"{'result dataset acc':<18}"
        + "".join(f"{report[s]['result_dataset_accuracy']:>24.2f}" for s in report)
    )


if __name__ == "__main__":
    main()
