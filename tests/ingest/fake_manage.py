"""`manage.py` with the fake extractor: for subprocess tests that must not depend on extraction.

Usage: python tests/ingest/fake_manage.py ingest PATH... (from the project root).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")

if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    from papers.ingest import pipeline
    from tests.ingest.fakes import FAKE

    pipeline.default_extractor = lambda: FAKE
    execute_from_command_line(["manage.py", *sys.argv[1:]])
