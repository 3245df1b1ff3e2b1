"""Readers: every format, and every kind of bad input reported with its file and line."""

import gzip
import os
import time
from datetime import date

import pytest

from papers.ingest.readers import (
    FileStart,
    Format,
    Problem,
    RawRecord,
    Severity,
    display_path,
    read_paths,
)
from papers.ingest.readers.base import MAX_LINE_BYTES
from papers.ingest.readers.hf_daily import resolve_year
from tests.ingest.conftest import AS_OF, SAMPLE


def read(*paths, **options):
    options.setdefault("as_of", AS_OF)
    items = list(read_paths([str(p) for p in paths], **options))
    records = [i for i in items if isinstance(i, RawRecord)]
    problems = [i for i in items if isinstance(i, Problem)]
    starts = [i.source for i in items if isinstance(i, FileStart)]
    return records, problems, starts


def test_it_reads_abstract_lines(fixtures):
    records, problems, starts = read(fixtures / "abstracts.txt")
    assert problems == []
    assert starts[0].format is Format.ABSTRACT_LINES
    assert [r.line for r in records] == [1, 2, 4]
    assert records[0].abstract.startswith("We propose Sparse Lattice Adapters (SLA)")
    assert records[0].title == "" and records[0].format is Format.ABSTRACT_LINES


def test_it_reads_a_daily_papers_dump(fixtures):
    records, problems, starts = read(fixtures / "daily.txt")
    assert problems == []
    assert starts[0].format is Format.HF_DAILY
    by_title = {r.title: r for r in records}
    assert list(by_title) == [
        "Sparse Lattice Adapters for Vision",
        "Whale Songs Are Compressible: A Study of Cetacean Audio Codecs",
        "Notes on Nothing in Particular for Testing Purposes",
        "Rivers That Run Uphill: Counterintuitive Hydrology",
    ]
    sla = by_title["Sparse Lattice Adapters for Vision"]
    assert (sla.line, sla.authors_count, sla.published, sla.upvotes) == (
        13,
        2,
        date(2025, 1, 2),
        4,
    )
    whale = by_title["Whale Songs Are Compressible: A Study of Cetacean Audio Codecs"]
    assert whale.organisation == "Ocean Listening Lab" and whale.authors_count is None
    # No year: the latest 17 July not after the as-of date (1 June 2025).
    assert whale.published == date(2024, 7, 17) and whale.upvotes is None
    notes = by_title["Notes on Nothing in Particular for Testing Purposes"]
    assert (notes.published, notes.authors_count, notes.organisation) == (None, None, "")
    assert notes.abstract.startswith("This abstract has no author line")
    rivers = by_title["Rivers That Run Uphill: Counterintuitive Hydrology"]
    assert (rivers.authors_count, rivers.published, rivers.upvotes) == (1, date(2024, 2, 29), 12)


def test_the_sample_dump_keeps_furniture_out_and_every_paper_in():
    records, problems, _ = read(SAMPLE / "004_512c2d698c608ac7.txt", as_of=date(2025, 12, 3))
    assert problems == []
    assert len(records) == 45
    assert records[0].title.startswith("Improving Out-of-distribution Human Activity")
    uni = next(r for r in records if r.title.startswith("Uni-MoE-2.0-Omni"))
    assert (uni.organisation, uni.published, uni.upvotes) == (
        "HIT-TMG Lychee Team",
        date(2025, 11, 16),
        3,
    )
    croco = next(r for r in records if r.title.startswith("CroCo"))
    assert (croco.published, croco.upvotes, croco.authors_count) == (date(2022, 10, 19), 1, 10)


@pytest.mark.parametrize(
    ("month", "day", "as_of", "expected"),
    [
        (7, 17, date(2025, 12, 3), date(2025, 7, 17)),
        (12, 3, date(2025, 12, 3), date(2025, 12, 3)),
        (12, 4, date(2025, 12, 3), date(2024, 12, 4)),
        (2, 29, date(2027, 3, 1), date(2024, 2, 29)),
    ],
)
def test_year_less_dates_take_the_latest_year_not_after_the_as_of_date(month, day, as_of, expected):
    assert resolve_year(month, day, as_of) == expected


def test_year_less_dates_default_to_the_file_modification_day(fixtures, tmp_path):
    path = tmp_path / "daily.txt"
    path.write_bytes((fixtures / "daily.txt").read_bytes())
    stamp = date(2025, 3, 1)
    seconds = time.mktime(stamp.timetuple()) + 3600
    os.utime(path, (seconds, seconds))
    records, _, _ = read(path, as_of=None)
    whale = next(r for r in records if r.title.startswith("Whale"))
    assert whale.published == date(2024, 7, 17)


def test_it_reads_arxiv_json_lines_in_every_shape(fixtures):
    records, problems, starts = read(fixtures / "listing.jsonl")
    assert problems == []
    assert starts[0].format is Format.JSONL
    listing, snapshot, api = records
    assert listing.arxiv_id == "2501.00001"
    assert listing.title == "Sparse Lattice Adapters for Vision"
    assert listing.authors == ("Ada Lovelace", "Alan Turing") and listing.authors_count == 2
    assert listing.published == date(2025, 1, 2)
    # MSC classes share the field and are kept as short codes.
    assert listing.categories == ("cs.CV", "cs.LG", "68T45", "68T07")
    assert listing.comment == "CVPR 2025. Project page: https://example.org/sla"
    # Hard line breaks unwrapped; an indented line starts a paragraph.
    assert listing.abstract.endswith(
        "accuracy on ImageNet.\n\nCode is at https://github.com/example/sla."
    )
    assert snapshot.arxiv_id == "2501.00002"
    assert snapshot.authors == ("Grace Hopper", "Edsger Dijkstra", "Barbara Liskov")
    assert snapshot.published == date(2025, 1, 6)  # first version, not the update
    assert snapshot.categories == ("cs.CV", "cs.AI")
    assert (api.arxiv_id, api.published, api.authors, api.authors_count) == (
        "2501.00003",
        date(2025, 1, 3),
        (),
        None,
    )


def test_it_streams_gzip_json_lines(fixtures, tmp_path):
    path = tmp_path / "listing.jsonl.gz"
    path.write_bytes(gzip.compress((fixtures / "listing.jsonl").read_bytes()))
    records, problems, starts = read(path)
    assert problems == [] and len(records) == 3
    assert starts[0].format is Format.JSONL


def test_directories_are_read_recursively_in_a_stable_order(fixtures, tmp_path):
    for name in ("b/2.txt", "a/z.txt", "a/y/1.txt", ".hidden/x.txt", "c.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Abstract:Paper in {name}, long enough to be read.\n")
    _, _, starts = read(tmp_path)
    names = [s.real.relative_to(tmp_path).as_posix() for s in starts]
    assert names == ["c.txt", "a/z.txt", "a/y/1.txt", "b/2.txt"]


def test_format_can_be_forced(tmp_path):
    path = tmp_path / "odd.dat"
    path.write_text('{"id": "2501.00009", "abstract": "Forced."}\n')
    records, problems, _ = read(path, forced=Format.ABSTRACT_LINES)
    assert records == []
    assert [p.message for p in problems] == ["line does not start with 'Abstract:'; skipped"]


# Bad input ---------------------------------------------------------------------------------


def test_a_binary_file_is_skipped_and_reported(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    records, problems, starts = read(path)
    assert records == [] and starts == []
    assert [(p.file, p.line, p.severity) for p in problems] == [
        (display_path(path), None, Severity.FILE)
    ]
    assert "binary file" in problems[0].message


def test_non_utf8_lines_are_skipped_and_reported_with_their_line(fixtures):
    records, problems, _ = read(fixtures / "latin1.txt")
    assert [r.line for r in records] == [1, 3]
    assert len(problems) == 1
    assert str(problems[0]) == (
        "tests/fixtures/ingest/latin1.txt:2: not UTF-8 (byte 0xe9 at column 13); line skipped"
    )


def test_an_empty_file_is_reported(fixtures, tmp_path):
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\n")
    records, problems, _ = read(fixtures / "empty.txt", blank)
    assert records == []
    assert [p.message for p in problems] == ["empty file", "empty file"]
    assert all(p.severity is Severity.FILE for p in problems)


def test_an_unknown_format_is_reported(fixtures):
    records, problems, _ = read(fixtures / "unknown.txt")
    assert records == []
    assert problems[0].severity is Severity.FILE
    assert problems[0].message.startswith("unknown format (starts 'Title: Something')")


def test_a_ten_megabyte_line_is_skipped_without_stopping_the_file(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.write(b"Abstract:Before the huge line, a normal abstract.\n")
        out.write(b"Abstract:" + b"x" * (10 * 1024 * 1024) + b"\n")
        out.write(b"Abstract:After the huge line, another normal abstract.\n")
    records, problems, _ = read(path)
    assert [r.line for r in records] == [1, 3]
    assert [(p.line, p.severity) for p in problems] == [(2, Severity.RECORD)]
    assert f"over the {MAX_LINE_BYTES:,}-byte limit" in problems[0].message


def test_malformed_and_truncated_json_lines_are_skipped_and_reported(fixtures):
    records, problems, _ = read(fixtures / "malformed.jsonl")
    assert [r.arxiv_id for r in records] == ["2501.00010"]
    path = display_path(fixtures / "malformed.jsonl")
    assert path == "tests/fixtures/ingest/malformed.jsonl"
    assert [str(p) for p in problems] == [
        f"{path}:2: malformed JSON (Expecting ',' delimiter); record skipped",
        f"{path}:3: expected a JSON object, got a list; record skipped",
        f"{path}:4: no 'abstract'; record skipped",
        f"{path}:6: truncated record (Unterminated string starting at); record skipped",
    ]


def test_a_truncated_gzip_stream_keeps_what_was_read(fixtures, tmp_path):
    lines = "".join(
        f'{{"id": "2501.{i:05d}", "abstract": "Paper {i} about something."}}\n' for i in range(2000)
    )
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records, problems, _ = read(path)
    assert 0 < len(records) < 2000
    assert len(problems) == 1 and "file ends early or is corrupt" in problems[0].message
    assert problems[0].line == len(records) + 1 or problems[0].line == len(records)


def test_a_truncated_daily_papers_record_is_reported(tmp_path):
    path = tmp_path / "daily.txt"
    path.write_text(
        "Daily Papers\n\nA Paper Title Here\n\n"
        + "An abstract sentence that is long enough to be an abstract paragraph. " * 3
        + "\n\n  • 3 authors\n·\nJan 5, 2024\n\nA Title Cut Off Before Its Abstract\n",
        encoding="utf-8",
    )
    records, problems, _ = read(path)
    assert [r.title for r in records] == ["A Paper Title Here"]
    assert [(p.line, p.message) for p in problems] == [
        (11, "truncated record: a title with no abstract; skipped")
    ]


def test_a_missing_path_is_reported(tmp_path):
    records, problems, _ = read(tmp_path / "nope.jsonl")
    assert records == [] and problems[0].message == "no such file or directory"


def test_text_postgres_cannot_store_is_reported_not_loaded(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"id": "2501.00020", "abstract": "Has a NUL \\u0000 inside."}\n'
        '{"id": "2501.00021", "abstract": "Has a lone surrogate \\ud800 inside."}\n'
        '{"id": "2501.00022", "abstract": "Fine \\u00e9.", "authors_count": 99999999999}\n',
        encoding="utf-8",
    )
    records, problems, _ = read(path)
    assert [(r.arxiv_id, r.abstract, r.authors_count) for r in records] == [
        ("2501.00022", "Fine é.", None)
    ]
    assert [p.line for p in problems] == [1, 2]
    assert "NUL character" in problems[0].message and "lone surrogate" in problems[1].message


def test_a_nul_byte_after_the_first_8_kb_is_a_bad_line(tmp_path):
    path = tmp_path / "late.txt"
    filler = "".join(
        f"Abstract:Filler abstract number {i} to pass the sniffed head.\n" for i in range(200)
    )
    path.write_bytes(filler.encode() + b"Abstract:bad \x00 line\nAbstract:Last one.\n")
    records, problems, _ = read(path)
    assert len(records) == 201
    assert [(p.line, p.message) for p in problems] == [(201, "NUL byte in line; line skipped")]


def test_a_path_too_long_to_store_is_reported(tmp_path):
    deep = tmp_path / ("d" * 120) / ("e" * 120)
    deep.mkdir(parents=True)
    (deep / "abstracts.txt").write_text("Abstract:Somewhere deep.\n")
    records, problems, _ = read(tmp_path)
    assert records == []
    assert problems[0].severity is Severity.FILE and "longer than 255" in problems[0].message
