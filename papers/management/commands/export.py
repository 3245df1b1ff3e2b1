"""`manage.py export --format jsonl [--output FILE]`: the catalogue as JSON Lines (a backup)."""

import gzip
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from papers.ingest.export import export_jsonl


class Command(BaseCommand):
    help = (
        "Write every paper as one JSON object per line, ordered by id, with its sources, links "
        "(with origin and status), tags and notes. `manage.py ingest` of the output into an "
        "empty database reproduces the catalogue. An --output ending in .gz is compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl"], default="jsonl", help="Only jsonl.")
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout."
        )

    def handle(self, *args, **options):
        if not options["output"]:
            self.stdout.ending = ""
            try:
                export_jsonl(self.stdout)
            except BrokenPipeError:  # `export | head`: the reader has all it wanted
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        target = Path(options["output"])
        # Written beside the target and renamed, so a failed export never leaves half a file.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        os.close(fd)
        try:
            opener = gzip.open if target.name.endswith(".gz") else open
            with opener(temporary, "wt", encoding="utf-8") as out:
                count = export_jsonl(out)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if options["verbosity"]:
            self.stdout.write(f"Exported {count} papers to {target}.")
