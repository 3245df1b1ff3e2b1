"""`make bench`: the harness that measures ingest, extraction, pages and load (see README.md)."""
