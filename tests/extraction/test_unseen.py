"""The held-out unseen labels stay well-formed and text-free, and the eval scores them with text
read from the corpus by arXiv id."""

import gzip
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "fixtures" / "extraction" / "unseen.jsonl"
GOLD = ROOT / "tests" / "fixtures" / "extraction" / "gold.jsonl"

sys.path.insert(0, str(ROOT / "bench"))
from eval_extraction import main, with_text  # noqa: E402

FIELD_TYPES = {
    "id": str,
    "corpus_line": int,
    "methods": list,
    "datasets": list,
    "results": list,
    "links": list,
    "notes": str,
}
ITEM_TYPES = {
    "methods": {"name": str, "acronym": str, "proposed": bool},
    "datasets": {"name": str, "introduced": bool},
    "results": {"dataset": str, "metric": str, "value": (int, float), "kind": str},
}


def _labels() -> list[dict]:
    return [json.loads(line) for line in UNSEEN.read_text(encoding="utf-8").splitlines() if line]


def test_unseen_labels_are_well_formed_and_carry_no_text():
    labels = _labels()
    assert labels
    assert len({label["id"] for label in labels}) == len(labels)
    for label in labels:
        assert set(label) == set(FIELD_TYPES), label["id"]
        assert not {"abstract", "title", "comment"} & set(label)
        for key, kind in FIELD_TYPES.items():
            assert isinstance(label[key], kind), (label["id"], key)
        assert label["corpus_line"] >= 0
        assert all(isinstance(url, str) and url.startswith("http") for url in label["links"])
        for field, types in ITEM_TYPES.items():
            for item in label[field]:
                assert set(item) == set(types), (label["id"], item)
                for key, kind in types.items():
                    assert isinstance(item[key], kind), (label["id"], field, key)
                    assert not isinstance(item[key], bool) or kind is bool  # bool is an int
        for result in label["results"]:
            assert result["kind"] in ("absolute", "gain")


def test_unseen_ids_are_not_in_the_gold_set():
    gold = {json.loads(line)["id"] for line in GOLD.read_text(encoding="utf-8").splitlines()}
    assert not gold & {label["id"] for label in _labels()}


@pytest.fixture
def fake_corpus(tmp_path) -> list[str]:
    """--corpus and --unseen options for two fake records and their labels."""
    corpus = tmp_path / "corpus.jsonl.gz"
    records = [
        {"id": "0000.00001", "title": "Other paper", "abstract": "Nothing here.", "comment": None},
        {
            "id": "9999.00001",
            "title": "FooNet",
            "abstract": "Code is at https://github.com/example/foonet.",
            "comment": None,
        },
        {"id": "9999.00002", "title": "", "abstract": "A survey of surveys.", "comment": "5 pages"},
    ]
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in records)
    unseen = tmp_path / "unseen.jsonl"
    empty = {"methods": [], "datasets": [], "results": [], "links": [], "notes": ""}
    labels = [
        {
            "id": "9999.00001",
            "corpus_line": 1,
            **empty,
            "links": ["https://github.com/example/foonet"],
        },
        {"id": "9999.00002", "corpus_line": 2, **empty},
    ]
    unseen.write_text("".join(json.dumps(label) + "\n" for label in labels))
    return ["--corpus", str(corpus), "--unseen", str(unseen)]


def test_it_reports_the_unseen_split(fake_corpus, capsys):
    main(["--json", *fake_corpus])
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["dev", "test", "all", "unseen"]
    assert report["unseen"]["links"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "gold": 1}


def test_it_shows_the_unseen_split_in_the_table(fake_corpus, capsys):
    main(fake_corpus)
    header = capsys.readouterr().out.splitlines()[0]
    assert header.split()[-2:] == ["unseen", "(2)"]


def test_it_lists_errors_on_the_unseen_split(fake_corpus, capsys):
    labels = Path(fake_corpus[-1])
    wrong = labels.read_text().replace("example/foonet", "example/other")
    labels.write_text(wrong)
    main(["--errors", "unseen", *fake_corpus])
    out = capsys.readouterr().out
    assert "[9999.00001] links" in out and "miss:" in out and "extra:" in out


def test_it_notes_unseen_ids_missing_from_the_corpus(fake_corpus, capsys):
    labels = Path(fake_corpus[-1])
    labels.write_text(labels.read_text() + json.dumps({"id": "9999.00003"}) + "\n")
    main(["--json", *fake_corpus])
    captured = capsys.readouterr()
    assert "1 unseen ids are not in" in captured.err
    assert "unseen" in json.loads(captured.out)


def test_it_reports_the_other_splits_with_a_note_when_the_corpus_is_missing(tmp_path, capsys):
    main(["--json", "--corpus", str(tmp_path / "missing.jsonl.gz")])
    captured = capsys.readouterr()
    assert list(json.loads(captured.out)) == ["dev", "test", "all"]
    (note,) = captured.err.splitlines()
    assert note.startswith("note: corpus not found at") and "unseen split not reported" in note


def test_it_stops_reading_the_corpus_once_every_id_is_found(tmp_path):
    corpus = tmp_path / "corpus.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "9999.00001", "title": "T", "abstract": "A."}) + "\n")
        out.write("not JSON: never read\n")
    (record,) = with_text([{"id": "9999.00001", "links": []}], corpus)
    assert record == {
        "id": "9999.00001",
        "links": [],
        "title": "T",
        "abstract": "A.",
        "comment": "",
    }
