"""The mypyc build of this package: how it is made, and when the package runs it.

extract() is plain Python and correct as it is. Compiled with mypyc the same code runs about 1.4
times as fast (75k abstracts on one core: 3,659 -> 5,241 per second), which the ingest and
extraction speed targets need. `python -m papers.extraction.build` (see build.py) writes the
build to `.mypyc/` beside these sources, with a manifest of the sources it was made from.

On import the package puts the build ahead of its own folder only while that manifest matches
the sources byte for byte: an edited module runs as plain Python until the next build, never as
stale machine code. EXTRACTION_PURE=1 in the environment forces plain Python (for pdb, or to
compare the two).
"""

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_DIR / ".mypyc"
MANIFEST = "manifest.json"
# mypyc puts the code of all modules in one shared library, `<group>__mypyc`.
GROUP = "papers_extraction"
# Kept as Python: the modules that make and choose the build, and the records extract() returns,
# which cross to the ingest process by pickle (mypyc's frozen native classes cannot be unpickled).
PLAIN = frozenset({"__init__.py", "build.py", "compiled.py", "types.py"})


def compiled_sources(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(p for p in package_dir.glob("*.py") if p.name not in PLAIN)


def fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """Every module of the package (the plain ones too: compiled code relies on their types) and
    the interpreter's ABI tag."""
    digest = hashlib.sha256(sys.implementation.cache_tag.encode())
    for path in sorted(package_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_current(build_dir: Path = BUILD_DIR, package_dir: Path = PACKAGE_DIR) -> bool:
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("fingerprint") == fingerprint(package_dir)


def activate(
    package_path: list[str], build_dir: Path = BUILD_DIR, package_dir: Path = PACKAGE_DIR
) -> bool:
    """Put a current build first on the package's `__path__`; False leaves plain Python."""
    if os.environ.get("EXTRACTION_PURE") or not is_current(build_dir, package_dir):
        return False
    name = f"{GROUP}__mypyc"
    shared = _extension(build_dir, name)
    spec = importlib.util.spec_from_file_location(name, shared) if shared else None
    if spec is None or spec.loader is None:
        return False
    # The per-module libraries import the shared one by its top-level name; registering it
    # here saves putting the build folder on sys.path.
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except ImportError as exc:
        del sys.modules[name]
        warnings.warn(f"{shared} did not load ({exc}); extraction is plain Python", stacklevel=2)
        return False
    package_path.insert(0, str(build_dir / "papers" / "extraction"))
    return True


def _extension(folder: Path, name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if (folder / (name + suffix)).is_file():
            return folder / (name + suffix)
    return None
