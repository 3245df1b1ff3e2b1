"""Extraction of methods, datasets, benchmark results and code links from paper abstracts.

Pure functions over text: no Django, no database, no network."""

from . import compiled

# Before any other submodule is imported: they load from the mypyc build when it is current.
COMPILED: bool = compiled.activate(__path__)

from .keys import entity_key, metric_key
from .pipeline import EXTRACTOR_VERSION, extract
from .titles import derive_title
from .types import (
    DatasetMention,
    Extraction,
    LinkMention,
    MethodMention,
    ResultMention,
)

__all__ = [
    "COMPILED",
    "EXTRACTOR_VERSION",
    "DatasetMention",
    "Extraction",
    "LinkMention",
    "MethodMention",
    "ResultMention",
    "derive_title",
    "entity_key",
    "extract",
    "metric_key",
]
