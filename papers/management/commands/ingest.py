"""`manage.py ingest PATH...`: load abstract files into the catalogue (see papers.ingest)."""

import argparse
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from tqdm import tqdm

from papers.ingest.lock import Locked, ingest_lock
from papers.ingest.pipeline import BATCH_SIZE, DEFAULT_WORKERS, Options, ingest, total_bytes
from papers.ingest.readers import Format
from papers.ingest.report import ExitStatus, IngestReport

EPILOG = """\
formats (detected from each file unless --format is given):
  abstract_lines  one paper per line starting with "Abstract:"
  hf_daily        a plain-text dump of a Hugging Face Daily Papers page
  jsonl           arXiv-style JSON Lines (.jsonl, or .jsonl.gz read as a stream), including
                  the output of `manage.py export`, which restores a backup

exit status:
  0  everything was read
  1  some records (or whole files) were skipped; each is listed with its file and line
  2  nothing could be read
  3  another ingest is running and --no-wait was given
"""
PROBLEMS_SHOWN = 20


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    pass


class Command(BaseCommand):
    help = (
        "Load papers from abstract files into the catalogue. Arguments are files or directories "
        "(read recursively, in a stable order). Running it again on the same files changes "
        "nothing; fields and links a curator edited are never overwritten."
    )
    exit_status = ExitStatus.OK

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.update(epilog=EPILOG, formatter_class=_HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or directories.")
        parser.add_argument(
            "--format",
            choices=[f.value for f in Format],
            help="Read every file as this format instead of detecting it.",
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Date that year-less dates (Daily Papers 'Jul 17') are resolved against: "
            "they take the latest such date not after it. Default: each file's modification day.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, updated, unchanged and skipped; write nothing.",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="Exit (status 3) instead of waiting when another ingest is running.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Records per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help="Processes that run extraction ahead of loading; 0 extracts in process "
            f"(default {DEFAULT_WORKERS}: 0 with the compiled extraction, else 1).",
        )
        parser.add_argument(
            "--writers",
            type=int,
            default=2,
            help="Batches written at the same time, each on its own connection (default 2).",
        )

    def run_from_argv(self, argv):
        super().run_from_argv(argv)
        sys.exit(int(self.exit_status))

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        workers = options["workers"]
        if (
            options["batch_size"] < 1
            or (workers is not None and workers < 0)
            or options["writers"] < 1
        ):
            raise CommandError("--batch-size and --writers must be at least 1, --workers 0 or more")
        settings = Options(
            paths=options["paths"],
            format=Format(options["format"]) if options["format"] else None,
            as_of=options["as_of"],
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            workers=options["workers"],
            writers=options["writers"],
            arguments=sys.argv[2:] if sys.argv[1:2] == ["ingest"] else list(options["paths"]),
        )

        def waiting():
            if verbosity:
                self.stderr.write("Another ingest is running; waiting for it to finish…")

        try:
            with ingest_lock(wait=not options["no_wait"], on_wait=waiting):
                report = self._run(settings, verbosity)
        except Locked:
            self.stderr.write("Another ingest is running; not waiting (--no-wait). Nothing done.")
            self.exit_status = ExitStatus.LOCKED
            return
        self.exit_status = report.exit_status
        if verbosity:
            self._summary(report, verbosity)

    def _run(self, settings: Options, verbosity: int) -> IngestReport:
        show = verbosity > 0 and sys.stderr.isatty()
        bar = tqdm(
            total=total_bytes(settings.paths) if show else None,
            unit="B",
            unit_scale=True,
            desc="Ingest",
            disable=not show,
            delay=1,
            leave=False,
            file=sys.stderr,
        )
        with bar:
            return ingest(settings, progress=bar.update if show else None)

    def _summary(self, report: IngestReport, verbosity: int) -> None:
        header = ("File", "Format", "Created", "Updated", "Unchanged", "Skipped")
        rows = [
            (path, c.format or "-", c.created, c.updated, c.unchanged, c.skipped)
            for path, c in report.files.items()
        ]
        totals = ("Total", "", *(sum(r[i] for r in rows) for i in range(2, 6)))
        widths = [max(len(str(r[i])) for r in [header, *rows, totals]) for i in range(6)]

        def line(row):
            cells = [str(row[0]).ljust(widths[0]), str(row[1]).ljust(widths[1])]
            cells += [str(v).rjust(w) for v, w in zip(row[2:], widths[2:], strict=True)]
            return "  ".join(cells)

        self.stdout.write(line(header))
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
        if len(rows) > 1:
            self.stdout.write(line(totals))

        shown = report.problems if verbosity > 1 else report.problems[:PROBLEMS_SHOWN]
        if shown:
            self.stdout.write("")
            self.stdout.write(f"Problems ({len(report.problems)}):")
            for problem in shown:
                self.stdout.write(f"  {problem}")
            if len(report.problems) > len(shown):
                more = len(report.problems) - len(shown)
                self.stdout.write(f"  … and {more} more (-v 2 lists them all)")

        created, updated, unchanged, skipped = totals[2:]
        rate = report.read / report.seconds if report.seconds else 0
        summary = (
            f"{created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped "
            f"in {report.seconds:.1f} s ({rate:,.0f} records/s)."
        )
        self.stdout.write("")
        if report.dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run, nothing written: {summary}"))
        elif report.read and not (created or updated):
            self.stdout.write(self.style.SUCCESS(f"Nothing changed: {summary}"))
        elif report.exit_status is ExitStatus.OK:
            self.stdout.write(self.style.SUCCESS(summary))
        else:
            self.stdout.write(self.style.WARNING(summary))
        if report.run_id:
            self.stdout.write(f"Recorded as ingest run {report.run_id}.")
