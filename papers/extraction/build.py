"""`python -m papers.extraction.build`: compile this package with mypyc into `.mypyc/`.

Run by `make setup`, `make test`, `make bench` and the Dockerfile; `compiled.py` decides at import
whether the result is current. Takes about half a minute on two cores; does nothing when the
build is already current (unless --force).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from mypyc.build import mypycify
from setuptools import setup

from .compiled import (
    BUILD_DIR,
    GROUP,
    MANIFEST,
    PACKAGE_DIR,
    compiled_sources,
    fingerprint,
    is_current,
)


def build() -> float:
    """Compile the package into BUILD_DIR, replacing what was there; returns the seconds."""
    started = time.perf_counter()
    made_from = fingerprint()
    root = PACKAGE_DIR.parents[1]
    staging = BUILD_DIR.with_name(BUILD_DIR.name + "-new")
    shutil.rmtree(staging, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="mypyc-") as scratch:
        paths = [str(p.relative_to(root)) for p in compiled_sources()]
        cwd = Path.cwd()
        os.chdir(root)  # mypy names modules from paths relative to the project
        try:
            modules = mypycify(
                [*paths, "--ignore-missing-imports", "--cache-dir", f"{scratch}/cache"],
                group_name=GROUP,
                target_dir=f"{scratch}/c",
            )
            setup(
                name=GROUP,
                ext_modules=modules,
                py_modules=[],
                script_args=[
                    "--quiet",
                    "build_ext",
                    f"--build-lib={staging}",
                    f"--build-temp={scratch}/o",
                    f"--parallel={os.cpu_count() or 1}",
                ],
            )
        finally:
            os.chdir(cwd)
    manifest = {"fingerprint": made_from, "mypyc_modules": [Path(p).stem for p in paths]}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    staging.rename(BUILD_DIR)
    return time.perf_counter() - started


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m papers.extraction.build",
        description="Compile papers.extraction with mypyc into papers/extraction/.mypyc/.",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.force and is_current():
        (BUILD_DIR / MANIFEST).touch()  # newer than the sources, for make
        print("papers.extraction: the compiled build is up to date")
        return 0
    try:
        seconds = build()
    except (SystemExit, Exception) as exc:  # mypy exits on type errors; the compiler raises
        print(f"papers.extraction: mypyc build failed ({exc!r}); extraction stays plain Python")
        return 1
    count = len(compiled_sources())
    print(f"papers.extraction: compiled {count} modules with mypyc in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
