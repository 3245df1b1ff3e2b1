"""The curated name lists the extractor reads (see ../README.md, "Data files")."""
