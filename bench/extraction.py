"""Stages `extraction` (speed) and `quality` (precision/recall/F1 per field).

Both run the extraction engineer's scripts as subprocesses and read the JSON they print:
`bench/extraction_speed.py --json` under `taskset -c 0` (one core), and
`bench/eval_extraction.py --json`. The readers below accept any nesting; see README.md.
"""

import json
import subprocess
from numbers import Real
from statistics import median

from bench.common import QUICK_RECORDS, Context, Skip, one_core_prefix

SPEED_SCRIPT = "bench/extraction_speed.py"
QUALITY_SCRIPT = "bench/eval_extraction.py"
# Rate keys, most specific first; any other key ending in per_s / per_second is a fallback.
RATE_KEYS = ("abstracts_per_s", "abstracts_per_second", "abstracts_per_sec", "per_second", "rate")
# Path segments that only group per-field scores and do not name a field.
ALIASES = {"precision": ("precision", "p"), "recall": ("recall", "r")}
# Splits the extractor is (or may be) tuned on: shown without a target. Only the held-out
# `unseen` split (or a report without splits) is judged.
TUNING_SPLITS = {"dev", "test", "all", "train", "tuning"}
GROUPING = {"fields", "per_field", "by_field", "scores", "metrics", "results_by_field"}


def _run_json(
    ctx: Context, script: str, prefix: list[str] | None = None, options: list[str] | None = None
) -> dict:
    path = ctx.root / script
    if not path.exists():
        raise Skip(f"{script} does not exist yet")
    proc = subprocess.run(
        [*(prefix or []), ctx.python, script, "--json", *(options or [])],
        cwd=ctx.root,
        env=ctx.env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"{script} --json exited with {proc.returncode}:\n" + "\n".join(tail))
    text = proc.stdout.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        # Tolerate log lines before the JSON: read from the first line that opens an object.
        start = text.find("\n{")
        if start < 0:
            raise RuntimeError(f"{script} --json printed no JSON object") from None
        return json.loads(text[start + 1 :])


def find_rate(data: dict) -> float | None:
    """The abstracts-per-second figure in an extraction_speed.py --json report."""
    for key in RATE_KEYS:
        if isinstance(data.get(key), Real):
            return float(data[key])
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                name = str(key).lower()
                if isinstance(value, Real) and name.endswith(("per_s", "per_second", "per_sec")):
                    return float(value)
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return None


def f1_fields(data) -> dict[str, dict]:
    """Every object carrying an "f1" score, named by its path: {"links": {"f1": 1.0, ...}}."""
    found: dict[str, dict] = {}

    def walk(node, path: list[str]) -> None:
        if isinstance(node, dict):
            lower = {str(k).lower(): k for k in node}
            if isinstance(node.get(lower.get("f1")), Real):
                name = "/".join(p for p in path if p.lower() not in GROUPING) or "overall"
                found[name] = {}
                for key, aliases in ALIASES.items():
                    value = next((node[lower[a]] for a in aliases if a in lower), None)
                    if isinstance(value, Real):
                        found[name][key] = value
                found[name]["f1"] = node[lower["f1"]]
                return
            for key, value in node.items():
                walk(value, [*path, str(key)])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                label = None
                if isinstance(value, dict):
                    label = value.get("field") or value.get("name")
                walk(value, [*path, str(label or i)])

    walk(data, [])
    return found


def quality_target(field: str) -> float | None:
    """The F1 a field must reach (issue targets); None for fields without one.

    Scores on a split the extractor was tuned on ("dev/...", "test/...", "all/...") are reported
    without a target: the held-out "unseen/..." scores are the ones the targets judge.
    """
    name = field.lower()
    if name.split("/")[0] in TUNING_SPLITS:
        return None
    if "link" in name or "repo" in name or "url" in name:
        return 1.0
    if "proposed" in name:
        return 0.90
    if "method" in name:
        return 0.85
    if "dataset" in name:
        return 0.85
    if "result" in name:
        return 0.80
    return None


def _corpus_option(ctx: Context, script: str) -> list[str]:
    """--corpus with the harness's corpus, if the script takes it."""
    path = ctx.root / script
    source = path.read_text() if path.exists() else ""
    return ["--corpus", str(ctx.corpus)] if '"--corpus"' in source else []


def _speed_options(ctx: Context) -> list[str]:
    """The same corpus as ingest, and its first 10k records in quick mode, if the script can."""
    path = ctx.root / SPEED_SCRIPT
    source = path.read_text() if path.exists() else ""
    options = _corpus_option(ctx, SPEED_SCRIPT)
    if ctx.quick and '"--limit"' in source:
        options += ["--limit", str(QUICK_RECORDS)]
    return options


def extraction_stage(ctx: Context) -> dict:
    rates, reports = [], []
    options = _speed_options(ctx)
    for i in range(ctx.runs):
        ctx.log(f"{SPEED_SCRIPT} --json {' '.join(options)} on one core, run {i + 1}/{ctx.runs}")
        report = _run_json(ctx, SPEED_SCRIPT, one_core_prefix(), options)
        rate = find_rate(report)
        if rate is None:
            raise RuntimeError(f"{SPEED_SCRIPT} --json has no abstracts-per-second figure")
        rates.append(rate)
        reports.append(report)
    figures = {
        "abstracts_per_s": round(median(rates), 1),
        "one_core": bool(one_core_prefix()),
        "compiled": bool(reports[-1].get("compiled")),
    }
    return {"figures": figures, "runs": rates, "report": reports[-1]}


def quality_stage(ctx: Context) -> dict:
    """Per-field scores; the text of the held-out `unseen` labels comes from the corpus."""
    options = _corpus_option(ctx, QUALITY_SCRIPT)
    ctx.log(f"{QUALITY_SCRIPT} --json {' '.join(options)}")
    report = _run_json(ctx, QUALITY_SCRIPT, options=options)
    fields = f1_fields(report)
    if not fields:
        raise RuntimeError(f"{QUALITY_SCRIPT} --json reported no per-field f1 scores")
    result = {"figures": fields, "report": report}
    if not any(quality_target(name) for name in fields):
        result["unjudged"] = f"no held-out unseen split (is the corpus at {ctx.corpus}?)"
    return result
