"""Normalised keys under which entities and metrics are stored and compared.

Keys are persisted: changing the folding or an alias changes existing keys, so bump
EXTRACTOR_VERSION with any edit here or to an existing line of data/*.txt.
"""

import re
import unicodedata
from functools import cache, lru_cache

from .gazetteer import read_entries, read_terms

_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9\-]*[A-Z0-9]s")
_HEAD_SUFFIX = re.compile(r"[\s\-]+(?:datasets?|benchmarks?|database|corpus)$")
_HEAD_WORDS = ("dataset", "datasets", "benchmark", "benchmarks", "database", "corpus")
_NON_ALNUM = re.compile(r"[\W_]+")


def _fold(name: str) -> str:
    name = name.strip()
    if name.endswith("s") and _PLURAL_ACRONYM.fullmatch(name):
        name = name[:-1]
    # ASCII is its own NFKC form.
    text = (name if name.isascii() else unicodedata.normalize("NFKC", name)).casefold()
    text = text.replace("+", "plus").replace("∞", "inf").replace("&", "and")
    if text.endswith(_HEAD_WORDS):
        text = _HEAD_SUFFIX.sub("", text)
    return text if text.isalnum() else _NON_ALNUM.sub("", text)


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for filename in ("methods.txt", "datasets.txt"):
        for forms in read_entries(filename):
            canonical = _fold(forms[0])
            for form in forms:
                table.setdefault(_fold(form), canonical)
    return table


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """Key of a method or dataset: case, punctuation, hyphens and known aliases folded."""
    key = _fold(name)
    return _aliases().get(key, key)


@cache
def generic_keys() -> frozenset[str]:
    return frozenset(entity_key(term) for term in read_terms("generic.txt"))


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    """A family or field, not an entity, in any of its spellings ("vision-and-language
    pre-training", "Vision-Language Models"); so is a compound of such ("CNN-Transformer")."""
    generic = generic_keys()
    key = entity_key(name)
    if key in generic or (key.endswith("s") and key[:-1] in generic):
        return True
    if "and" in name.lower() and entity_key(_AND.sub(" ", name)) in generic:
        return True
    parts = name.split("-")
    return len(parts) > 1 and all(entity_key(p) in generic for p in parts)


_AND = re.compile(r"[\s\-]and[\s\-]", re.IGNORECASE)


_LATEX_SUB = re.compile(r"\$|\\rm|\\mathrm|[{}_^\\]")
_RANK_AT = re.compile(r"(?:r|recall)at\d+")
_METRIC_SYNONYMS = {
    "acc": "accuracy",
    "averageprecision": "ap",
    "meanaverageprecision": "map",
    "averagerecall": "ar",
    "meaniou": "miou",
    "meanintersectionoverunion": "miou",
    "intersectionoverunion": "iou",
    "top1acc": "top1accuracy",
    "top5acc": "top5accuracy",
    "r1": "recall1",
    "r5": "recall5",
    "r10": "recall10",
    "top1recall": "recall1",
    "recallat1": "recall1",
    "f1score": "f1",
    "fscore": "f1",
    "f1measure": "f1",
    "fmeasure": "f1",
    "auroc": "auc",
    "rocauc": "auc",
    "aucroc": "auc",
    "worderrorrate": "wer",
    "charactererrorrate": "cer",
    "ppl": "perplexity",
    "exactmatch": "em",
    "dicescore": "dice",
    "dicecoefficient": "dice",
    "dsc": "dice",
    "bleuscore": "bleu",
    "meanabsoluteerror": "mae",
    "meansquarederror": "mse",
    "rootmeansquareerror": "rmse",
    "rootmeansquarederror": "rmse",
    "pearsoncorrelation": "pearson",
    "pearsoncorrelationcoefficient": "pearson",
    "pearsonscorrelation": "pearson",
    "pcc": "pearson",
    "plcc": "pearson",
    "spearmancorrelation": "spearman",
    "spearmanscorrelation": "spearman",
    "spearmansrankcorrelation": "spearman",
    "spearmanrankcorrelation": "spearman",
    "srcc": "spearman",
    "srocc": "spearman",
    "ciderscore": "cider",
}
# Averaging and split words qualify a metric without changing what it measures.
_METRIC_PREFIXES = ("average", "avg", "mean", "overall", "test", "validation", "val", "dev")


@lru_cache(maxsize=8192)
def metric_key(metric: str) -> str:
    """Key of a metric: "AP$_{50}$", "AP_50" and "AP50" agree; "average top-1 accuracy" and
    "top-1 acc" agree."""
    text = _LATEX_SUB.sub("", unicodedata.normalize("NFKC", metric)).casefold()
    key = _NON_ALNUM.sub("", text.replace("@", "at").replace("+", "plus"))
    key = key.replace("at", "", 1) if _RANK_AT.fullmatch(key) else key
    key = key[:-1] if key.endswith("scores") else key
    key = _METRIC_SYNONYMS.get(key, key)
    for prefix in _METRIC_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = _METRIC_SYNONYMS.get(key[len(prefix) :], key[len(prefix) :])
            break
    return key
