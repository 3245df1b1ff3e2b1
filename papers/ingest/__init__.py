"""Ingest: read abstract files, build Paper records with provenance and load them into Postgres.

Layers, each its own module:

- `readers/`: one module per input format plus `detect.py`; pure Python, no Django. They yield
  `RawRecord`s, or `Problem`s for input they had to skip.
- `records.py`: normalisation and the keys a record is matched on (arXiv id, abstract
  fingerprint, title key) and its content hash.
- `loader.py` and `links.py`: the database side: matching, merging, upserts and COPY.
- `pipeline.py`: read, extract, load; returns an `IngestReport`.
- `export.py`: the JSON Lines backup that ingest reads back.
"""
