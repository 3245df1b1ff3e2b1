"""A plain-text dump of a Hugging Face "Daily Papers" page.

After the page furniture, each paper is a title line, the abstract (one or more paragraphs),
then an author count (`• 6 authors`) or an organisation line, a `·` line and a date line. Dates may
lack a year (`Jul 17`) and may end with an upvote count (`Oct 19, 2022 1`). Some papers come with
no author, `·` or date lines at all: the next title follows their abstract directly.

A title is told from an abstract paragraph by shape: a short line, not ending in a full stop,
followed by a line that is longer than any title or is a sentence of some length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from papers.ingest.readers.base import (
    BadLine,
    Format,
    Problem,
    RawRecord,
    clean_abstract,
    collapse,
    count,
    iter_lines,
)

TITLE_MAX = 300
ABSTRACT_MIN = 100
SEPARATOR = "·"
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_DATE = re.compile(
    r"^(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?"
    r"(?:\s+(?P<upvotes>\d+))?$"
)
_AUTHORS = re.compile(r"^(?:•\s*)?(?P<n>\d+)\s+authors?$")

Item = tuple[int, "str | BadLine"]


def resolve_year(month: int, day: int, as_of: date) -> date:
    """The latest date with this month and day that is not after `as_of`."""
    for year in range(as_of.year, as_of.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if candidate <= as_of:
            return candidate
    raise ValueError(f"no date {month}/{day} on or before {as_of}")


def parse_date(text: str, as_of: date) -> tuple[date, int | None] | None:
    """(date, upvotes) from a date line, or None when the line is not a date."""
    match = _DATE.match(text)
    if not match or match["month"].lower() not in _MONTHS:
        return None
    month, day = _MONTHS[match["month"].lower()], int(match["day"])
    upvotes = count(int(match["upvotes"])) if match["upvotes"] else None
    try:
        if match["year"]:
            return date(int(match["year"]), month, day), upvotes
        return resolve_year(month, day, as_of), upvotes
    except ValueError:
        return None


def read(stream: BinaryIO, file: str, as_of: date) -> Iterator[RawRecord | Problem]:
    lines = iter_lines(stream, file)
    pending: list[Item] = []
    first_block = True
    for number, line in lines:
        if isinstance(line, BadLine):
            pending.append((number, line))
            continue
        text = line.strip()
        if not text:
            continue
        if text != SEPARATOR:
            pending.append((number, collapse(text)))
            continue
        # The line after the separator is the date; anything else starts the next block.
        published = upvotes = None
        carry: list[Item] = []
        for next_number, next_line in lines:
            if isinstance(next_line, BadLine):
                yield Problem(file, next_number, f"{next_line.message}; date line skipped")
                break
            next_text = next_line.strip()
            if not next_text:
                continue
            parsed = parse_date(collapse(next_text), as_of)
            if parsed:
                published, upvotes = parsed
            else:
                carry.append((next_number, collapse(next_text)))
            break
        yield from _block(file, pending, first_block, True, published, upvotes)
        pending = carry
        first_block = False
    if pending:
        yield from _block(file, pending, first_block, False, None, None)


def _title_shaped(text: str | BadLine) -> bool:
    return not isinstance(text, BadLine) and len(text) <= TITLE_MAX and not text.endswith(".")


def _is_title(items: list[Item], i: int) -> bool:
    if not _title_shaped(items[i][1]) or i + 1 >= len(items):
        return False
    following = items[i + 1][1]
    if isinstance(following, BadLine):
        return True
    # An abstract paragraph is longer than any title, or a sentence of some length.
    return len(following) > TITLE_MAX or (
        len(following) >= ABSTRACT_MIN and following.endswith(".")
    )


def _block(
    file: str,
    items: list[Item],
    first_block: bool,
    has_meta: bool,
    published: date | None,
    upvotes: int | None,
) -> Iterator[RawRecord | Problem]:
    authors_count, organisation, meta_problem, meta_line = None, "", None, None
    if has_meta and items:
        number, meta = items[-1]
        meta_line = number
        if isinstance(meta, BadLine):
            items = items[:-1]
            meta_problem = Problem(file, number, f"{meta.message}; author line unreadable")
        elif len(meta) <= TITLE_MAX:
            items = items[:-1]
            if match := _AUTHORS.match(meta):
                authors_count = count(int(match["n"]))
            else:
                organisation = meta[:255]

    truncated = None
    if not has_meta and items and _title_shaped(items[-1][1]):
        # The file ends on what can only be a title: its abstract was cut off.
        truncated, items = items[-1], items[:-1]

    papers: list[list[Item]] = []
    for i, item in enumerate(items):
        if _is_title(items, i):
            papers.append([item])
        elif papers:
            papers[-1].append(item)
        elif isinstance(item[1], BadLine):
            yield Problem(file, item[0], f"{item[1].message}; line skipped")
        elif not first_block:
            yield Problem(file, item[0], "line outside any paper; skipped")

    for index, paper in enumerate(papers):
        (title_line, title), *body = paper
        last = index == len(papers) - 1
        bad = next(((n, t) for n, t in body if isinstance(t, BadLine)), None)
        if bad:
            yield Problem(file, bad[0], f"{bad[1].message}; paper at line {title_line} skipped")
            continue
        if not body:
            yield Problem(file, title_line, "truncated record: a title with no abstract; skipped")
            continue
        if last and meta_problem:
            yield Problem(
                file,
                meta_problem.line,
                f"{meta_problem.message}; paper at line {title_line} skipped",
            )
            continue
        yield RawRecord(
            file=file,
            line=title_line,
            format=Format.HF_DAILY,
            title=title,
            abstract=clean_abstract("\n\n".join(text for _, text in body)),
            authors_count=authors_count if last else None,
            organisation=organisation if last else "",
            upvotes=upvotes if last else None,
            published=published if last else None,
        )
    if meta_problem and not papers:
        yield meta_problem
    if truncated:
        yield Problem(file, truncated[0], "truncated record: a title with no abstract; skipped")
    if not papers and meta_line and not meta_problem and not first_block:
        yield Problem(file, meta_line, "author and date lines with no paper before them; skipped")
