"""Extraction of methods, datasets, benchmark results and code links from paper abstracts.

Pure functions over text: no Django, no database, no network."""

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
