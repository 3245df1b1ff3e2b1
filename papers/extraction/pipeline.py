"""extract(): one abstract (plus optional title and arXiv comment) in, typed records out."""

from functools import cache

from . import datasets as datasets_module
from . import methods as methods_module
from . import proposals, results
from .acronyms import Definition, definition_kind, find_definitions
from .datasets import find_datasets
from .gazetteer import Scanner, gazetteer_entries, read_entries
from .keys import entity_key
from .links import find_links, merge_links
from .mentions import Found, Intervals, merge
from .methods import find_methods
from .proposals import find_claims
from .results import find_metrics, find_numbers, find_results
from .text import Doc, clean
from .types import DatasetMention, Extraction, MethodMention

# Bump whenever rules or data files change: the loader re-extracts papers made by older versions.
EXTRACTOR_VERSION = "1.1.0"
_MAX_CHARS = 20_000


@cache
def _scanner() -> Scanner:
    triggers = (
        proposals.TRIGGERS + methods_module.TRIGGERS + datasets_module.TRIGGERS + results.TRIGGERS
    )
    return Scanner(gazetteer_entries(), triggers)


@cache
def _gazetteer_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind, filename in (("method", "methods.txt"), ("dataset", "datasets.txt")):
        for forms in read_entries(filename):
            for form in forms:
                kinds.setdefault(entity_key(form), kind)
    return kinds


@cache
def _method_keys() -> frozenset[str]:
    return frozenset(k for k, v in _gazetteer_kinds().items() if v == "method")


def extract(abstract: str, title: str = "", comment: str = "") -> Extraction:
    abstract = abstract or ""
    links = merge_links(find_links(abstract) + find_links(comment or ""))
    # Abstracts run to a few thousand characters; a cut keeps pathological input bounded.
    doc = Doc(clean(abstract[:_MAX_CHARS]))
    title_text = clean((title or "")[:1000])
    scanner = _scanner()
    kinds = _gazetteer_kinds()
    text = doc.text

    scan = scanner.scan(text)
    title_hits = scanner.scan(title_text).hits if title_text else []
    definitions = find_definitions(doc)
    def_kinds = {d: definition_kind(d, kinds) for d in definitions}
    not_entities = {k for d, kind in def_kinds.items() if not kind for k in _def_keys(d)}
    claims = find_claims(doc, definitions, scan, frozenset(not_entities))
    claimed = {entity_key(c.acronym or c.name) for c in claims}
    # What the paper defines but does not claim as its own method blocks its name everywhere:
    # a task ("HOI"), a family ("SLMs") or a concept ("adversarial patch attack (APA)").
    not_entities |= {
        k
        for d, kind in def_kinds.items()
        if kind in ("task", "maybe") and entity_key(d.short) not in claimed
        for k in _def_keys(d)
    }

    numbers = find_numbers(text)
    dataset_found, spans = find_datasets(
        doc,
        definitions,
        scan,
        claims,
        title_hits,
        _method_keys(),
        [n.end for n in numbers],
        not_entities,
    )
    datasets = merge(dataset_found)
    dataset_keys = {k for d in datasets for k in d.identities()}

    method_found = find_methods(
        doc,
        definitions,
        scan,
        claims,
        title_text,
        title_hits,
        kinds,
        def_kinds,
        spans,
        not_entities,
    )
    methods = [m for m in merge(method_found) if not (m.identities() & dataset_keys)]
    # In text order, names from the title first: the loader and derive_title read the paper's own
    # method first.
    methods.sort(key=lambda m: m.pos)
    datasets.sort(key=lambda d: d.pos)

    covered = Intervals(
        [
            (f.pos, f.end if f.end > f.pos else f.pos + len(f.name))
            for f in dataset_found + method_found
            if f.pos >= 0
        ]
    )
    metrics = find_metrics(text, scan.at("metric"), covered) if numbers else []
    result_mentions = find_results(doc, numbers, metrics, dataset_found, covered)
    return Extraction(
        methods=tuple(
            MethodMention(m.name, m.acronym, m.flag, _evidence(doc, m, title_text)) for m in methods
        ),
        datasets=tuple(
            DatasetMention(d.name, d.acronym, d.flag, _evidence(doc, d, title_text))
            for d in datasets
        ),
        results=tuple(result_mentions),
        links=links,
    )


def _def_keys(d: Definition) -> tuple[str, str]:
    return entity_key(d.short), entity_key(d.long)


def _evidence(doc: Doc, found: Found, title: str) -> str:
    return doc.sentence(found.pos) if found.pos >= 0 else title
