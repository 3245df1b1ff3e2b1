"""Mentions found in one text, before they are merged into public records."""

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from .keys import entity_key, is_generic


@dataclass(slots=True)
class Found:
    name: str
    pos: int  # offset in the abstract, or -1 when it comes from the title
    acronym: str = ""
    flag: bool = False  # proposed (methods) or introduced (datasets)
    end: int = -1

    def ordered_keys(self) -> tuple[str, ...]:
        name = entity_key(self.name)
        return (name, entity_key(self.acronym)) if self.acronym else (name,)

    def identities(self) -> set[str]:
        keys = {entity_key(self.name)}
        if self.acronym:
            keys.add(entity_key(self.acronym))
        keys.discard("")
        return keys


def merge(found: list[Found]) -> list[Found]:
    """One mention per entity: spellings that share a key (name or acronym) are the same thing.

    The long form wins over a bare acronym, flags are OR-ed, the earliest position is kept."""
    groups: list[Found] = []
    index: dict[str, Found] = {}
    for item in found:
        if not item.name or is_generic(item.name):
            continue
        keys = item.ordered_keys()
        # Name before acronym, so that the same text always merges the same way (iterating the
        # set made it depend on the process's string hash seed).
        target = next((index[k] for k in keys if k in index), None)
        if target is None:
            target = Found(item.name, item.pos, item.acronym, item.flag, item.end)
            groups.append(target)
        else:
            if item.acronym and not target.acronym:
                if entity_key(target.name) == entity_key(item.acronym):
                    target.name = item.name
                target.acronym = item.acronym
            target.flag = target.flag or item.flag
            if target.pos < 0 <= item.pos:
                target.pos = item.pos
            # Taking a long form or an acronym gives the group its keys too.
            keys = (*target.ordered_keys(), *keys)
        for key in keys:
            if key:
                index.setdefault(key, target)
    return groups


class Intervals:
    """Half-open spans of text, merged, for fast "is this offset inside a name?" questions."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]
