"""The mypyc build of papers.extraction: used only while current, and it answers as plain Python."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import papers.extraction
from papers.extraction import compiled, extract

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "extraction" / "gold.jsonl"

needs_build = pytest.mark.skipif(
    not papers.extraction.COMPILED,
    reason="no current mypyc build (python -m papers.extraction.build), or EXTRACTION_PURE set",
)


def _package(tmp_path: Path) -> tuple[Path, Path]:
    package, build = tmp_path / "package", tmp_path / "build"
    package.mkdir()
    build.mkdir()
    (package / "text.py").write_text("LIMIT = 1\n")
    (build / compiled.MANIFEST).write_text(
        json.dumps({"fingerprint": compiled.fingerprint(package)})
    )
    return package, build


def test_a_build_made_from_the_sources_beside_it_is_current(tmp_path):
    package, build = _package(tmp_path)
    assert compiled.is_current(build, package)


def test_an_edited_or_added_module_makes_the_build_stale(tmp_path):
    package, build = _package(tmp_path)
    (package / "text.py").write_text("LIMIT = 2\n")
    assert not compiled.is_current(build, package)
    (package / "text.py").write_text("LIMIT = 1\n")
    (package / "links.py").write_text("")
    assert not compiled.is_current(build, package)


def test_a_missing_or_garbled_manifest_is_not_current(tmp_path):
    package, build = _package(tmp_path)
    (build / compiled.MANIFEST).write_text("{not json")
    assert not compiled.is_current(build, package)
    (build / compiled.MANIFEST).unlink()
    assert not compiled.is_current(build, package)


def test_it_leaves_the_package_path_alone_without_a_usable_build(tmp_path):
    package, build = _package(tmp_path)
    path = [str(package)]
    # Current manifest, but no shared library beside it.
    assert not compiled.activate(path, build, package)
    (package / "text.py").write_text("LIMIT = 2\n")
    assert not compiled.activate(path, build, package)
    assert path == [str(package)]


@needs_build
def test_extraction_modules_load_from_the_build():
    assert papers.extraction.pipeline.__file__.startswith(str(compiled.BUILD_DIR))
    assert not papers.extraction.types.__file__.startswith(str(compiled.BUILD_DIR))


@needs_build
def test_compiled_and_plain_python_give_the_same_records():
    texts = [
        (row["abstract"], row.get("title", ""), row.get("comment", ""))
        for row in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())
    ]
    texts += [("www.://agithub.com/ (AB) we propose  termed $x$ 1.5% by 2", "", ""), ("", "", "")]
    script = (
        "import json, sys\n"
        "import papers.extraction as p\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([p.COMPILED, [repr(p.extract(*t)) for t in texts]]))\n"
    )
    plain = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "EXTRACTION_PURE": "1"},
        check=True,
    )
    was_compiled, records = json.loads(plain.stdout)
    assert was_compiled is False
    assert records == [repr(extract(*t)) for t in texts]
