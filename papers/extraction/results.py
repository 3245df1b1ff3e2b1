"""Benchmark results: numbers the abstract reports as scores or improvements, with the metric
and dataset written around them."""

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .keys import entity_key, metric_key
from .mentions import Found, Intervals
from .text import Doc
from .types import ResultMention
from .vocabulary import words

_ACRONYM_METRICS = (
    r"mAP(?:@[\d.:]+|_?\d+)?|AP(?:_?\d+|_?[SMLr])?|AR(?:_?\d+)?|mIoU|mIOU|IoU|IOU|PSNR|SSIM"
    r"|LPIPS|FID|FVD"
    r"|KID|CLIP[- ]?[Ss]core|BLEU(?:-\d)?|ROUGE(?:-[L12])?|METEOR|CIDEr|SPICE|WER|CER|EER|F1"
    r"(?:[- ]scores?)?|F-score|F-measure|AUC|AUROC|AUPRC|NDS|MOTA|HOTA|IDF1|Dice(?: score)?|DSC"
    r"|HD95|NDCG(?:@\d+)?|MRR|EM|R@\d+|Recall@\d+|recall@\d+|P@\d+|Hits?@\d+|pass@\d+|PCK"
    r"|MPJPE|PA-MPJPE|AbsRel|RMSE|MAE|MSE|ADE|FDE|SPL|mCE|[Tt]op-[15]"
)
_WORD_METRICS = (
    r"[Aa]ccuracy|[Aa]cc\.|[Pp]recision|[Rr]ecall|[Ee]rror rate|[Ee]rror|[Pp]erplexity|[Ss]cores?"
    r"|[Ss]uccess rate|[Ee]xact match|[Mm]ean [Aa]bsolute [Ee]rror"
    r"|[Rr]oot [Mm]ean [Ss]quared? [Ee]rror|[Mm]ean [Ss]quared [Ee]rror"
    r"|[Ii]ntersection over [Uu]nion"
    r"|(?:[Pp]earson|[Ss]pearman)(?:'s)?(?: [Rr]ank)? [Cc]orrelation"
    r"(?: [Cc]oefficient)?|PLCC|SRCC|SROCC|KRCC|PCC|[Cc]orrelation"
)
_METRIC_AT = re.compile(rf"(?:{_ACRONYM_METRICS}|{_WORD_METRICS})(?![\w@])")
# Words written before a metric that are part of its name: "Novel AP50", "box AP", "top-1
# accuracy"; a rank may be separated from its metric by a description ("top-1 image-to-text
# recall").
_QUALIFIERS_BEFORE = re.compile(
    r"(?:(?:[Nn]ovel|[Bb]ase|[Rr]are|[Cc]ommon|[Ff]requent|[Bb]ox|[Mm]ask|[Ww]eighted"
    r"|[Mm]acro(?:-averaged)?|[Mm]icro(?:-averaged)?|[Mm]ean|[Aa]verage|[Aa]vg\.?|[Bb]alanced"
    r"|[Oo]verall|[Gg]lobal|[Tt]op-?\d+|[Tt]est"
    r"|[Vv]alidation|[Pp]er-class|[Ii]nstance|[Cc]lass-wise)[\s\-]+)+$"
)
_QUALIFIER_WORD = re.compile(
    r"novel|base|rare|common|frequent|box|mask|weighted|macro|micro|mean|average|avg|balanced"
    r"|overall|global|top-?\d+|test|validation|per-class|instance|class-wise"
)
_NOUN_BEFORE = re.compile(
    r"\b(?!(?:the|a|an|of|and|our|its|their|higher|lower|better|best)\b)[A-Za-z][\w\-]+ $"
)
_RANK_BEFORE = re.compile(r"(?P<rank>[Tt]op-?\d+)\s+(?:[\w\-]+\s+){1,2}$")
_METRIC_KEYS = words(
    """mAP AP AR mIoU mIOU IOU IoU PSNR SSIM LPIPS FID FVD KID BLEU ROUGE METEOR CIDEr SPICE WER
    CER EER F1 F-score F-measure AUC AUROC AUPRC NDS MOTA HOTA IDF1 Dice DSC HD95 NDCG MRR EM R@
    Recall@ recall@ P@ Hit@ Hits@ pass@ PCK MPJPE PA-MPJPE AbsRel RMSE MAE MSE ADE FDE SPL mCE
    CLIP Top-1 Top-5 top-1 top-5 accuracy Accuracy acc. precision Precision recall Recall error
    Error perplexity Perplexity score Score scores success exact Mean mean Root root Pearson
    pearson Spearman spearman PLCC SRCC SROCC KRCC PCC correlation Correlation intersection
    Intersection"""
)
TRIGGERS = [(key, "metric") for key in _METRIC_KEYS]
_POINT_DIGIT = re.compile(r"\.[0-9]")
_NUMBER_AT = re.compile(r"\d+(?:\.\d+)?(\s?%)?")
_RANGE_AFTER = re.compile(r"\s*(?:%\s*)?(?:-|–|to|~)\s*[+~]?\d")
_RANGE_BEFORE = re.compile(r"(?:\d%?\s*(?:-|–|to)\s*|\bfrom\s+|\bbetween\s+)$")
_GROUP_JOIN = re.compile(r"\s*(?:%\s*)?(?:/|,\s*(?:and\s+)?|\s+and\s+)\s*(?=[+~]?\d)")
# Words that may follow a score; any other word makes the number a quantity ("1.5% labeled").
_ALLOWED_NEXT = words(
    """and or on in at for over with higher better lower improvement improvements gain gains
    increase increases absolute relative points point pp respectively compared than when across
    while without vs versus under using after margin ahead more was were is are be been achieved
    obtained reported reached which that within among above below beyond despite"""
)
_LEFT_GAP = re.compile(
    r"(?:\s*\([^()]{1,12}\))?"  # "Mean Absolute Error (MAE) of 0.21"
    r"(?:\s*[:=(]\s*|\s+(?:of|is|was|reaches|reached|achieves|achieved|by)\s+"
    r"|\s+(?:is|are|was|were)\s+(?:improved|increased|boosted|raised|reduced|decreased)\s+by\s+|\s+)$"
)
_RIGHT_GAP = re.compile(
    r"\s*(?:points?\s+|pp\s+)?(?:(?:absolute\s+|relative\s+)?(?:improvements?|gains?|increases?"
    r"|boosts?)\s+(?:in|on|of)\s+|in terms of\s+|of\s+|for\s+|in\s+|on\s+)?"
)
# "by 3.2% on CIFAR100 and 2.8% on ImageNet", "by 9.3% mIoU and 6.1% AP50": the second number
# continues the first.
_PARALLEL = re.compile(
    r"\s*(?:%\s*)?(?:[\w@\-{}]+\s*)?(?:(?:on|in|for)\s[^.;%]{1,60}?)?"
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:over\s+|about\s+|nearly\s+|up to\s+)?[~]?$"
)
# "improve the baseline by Top-1 2.9%": the metric may sit between the cue and the number.
_METRIC_FIRST = rf"(?:(?:{_ACRONYM_METRICS})\s+)?"
_GAIN_BEFORE = re.compile(
    r"(?:\b(?:by|improv\w*|outperform\w*|surpass\w*|boost\w*|increas\w*|rais\w*|reduc\w*"
    r"|decreas\w*|exceed\w*|beat\w*|gain(?:s|ed|ing)?)"
    r"|(?:improvements?|gains?|increases?|boost|margin|reductions?)"
    r"\s+of)\s+(?:about\s+|around\s+|approximately\s+|roughly\s+|up to\s+|over\s+)?"
    rf"{_METRIC_FIRST}[~]?$"
)
_GAIN_VERB = re.compile(
    r"\b(?:improv|outperform|surpass|boost|increas|rais|reduc|decreas|exceed|beat|ahead|gain)",
    re.IGNORECASE,
)
_GAIN_AFTER = re.compile(
    r"\s*(?:%\s*)?(?:(?:absolute|relative)\s+)?(?:higher|better|gains?|improvements?|increases?"
    r"|boost|ahead|more accurate)\b"
    # "a 9.3 mAP@0.5 improvement", "a 12.3% average accuracy gain": the metric inside the noun
    # phrase.
    r"|\s*(?:%\s*)?(?:[\w@.\-]+\s+){1,2}(?:gains?|improvements?|increases?|boosts?)\b"
)
_BY_BEFORE = re.compile(rf"\bby\s+(?:about\s+|around\s+|up to\s+)?{_METRIC_FIRST}[~]?$")
_IMPROVES_BEFORE = re.compile(r"\b(?:improves?|improved|improving|boosts?|raises?)\s+$")
_COST_WORDS = (
    "parameter",
    "memory",
    "latency",
    " time",
    "cost",
    "flops",
    "computation",
    "model size",
    "tokens",
    "runtime",
    "energy",
    "storage",
    "bandwidth",
)
_QUANTITY_WORD = re.compile(r"\s*%?\s*([A-Za-z][\w\-]*\.?)")


@dataclass(slots=True)
class Number:
    start: int
    end: int
    value: float
    percent: bool
    signed: bool


@dataclass(frozen=True, slots=True)
class Metric:
    start: int
    end: int
    name: str


@lru_cache(maxsize=65536)
def is_metric(name: str) -> bool:
    return _METRIC_AT.fullmatch(name) is not None


def find_numbers(text: str) -> list[Number]:
    """Decimals and percentages that could be scores; bare integers are counts, years or sizes."""
    starts: set[int] = set()
    i = text.find("%")
    while i >= 0:
        j = i - 1 if i == 0 or text[i - 1] != " " else i - 2
        if j >= 0 and text[j].isdigit():
            starts.add(_back_to_number(text, j))
        i = text.find("%", i + 1)
    if text.isascii():
        # Only points followed by a digit: the regex engine skips the full stops.
        points = [m.start() for m in _POINT_DIGIT.finditer(text)]
    else:
        points = [i for i in _find_all(text, ".") if text[i + 1 : i + 2].isdigit()]
    for i in points:
        if i > 0 and text[i - 1].isdigit():
            starts.add(_back_to_number(text, i - 1))
    found = []
    for start in sorted(starts):
        number = _number_at(text, start)
        if number:
            found.append(number)
    return found


def _find_all(text: str, mark: str) -> list[int]:
    found = []
    i = text.find(mark)
    while i >= 0:
        found.append(i)
        i = text.find(mark, i + 1)
    return found


def _back_to_number(text: str, j: int) -> int:
    """Where the run of digits and points that ends at `j` starts (at most 12 back)."""
    floor = max(0, j - 12)
    while j > floor and (text[j - 1].isdigit() or text[j - 1] == "."):
        j -= 1
    return j


def _number_at(text: str, start: int) -> Number | None:
    match = _NUMBER_AT.match(text, start)
    if not match:
        return None
    end = match.end()
    sign = start
    if start >= 1 and text[start - 1] in "+~±":
        sign = start - 1
    elif start >= 2 and text[start - 1] == " " and text[start - 2] in "+~±":
        sign = start - 2
    before = text[sign - 1] if sign > 0 else " "
    if before == "/" and sign >= 2 and text[sign - 2].isdigit():
        before = " "  # "85.3/74.5 F1": scores on two datasets, written as one
    if text[max(0, sign - 5) : sign].rstrip().endswith(("+/-", "±")):
        return None  # a spread, not a score: "0.671 +/- 0.080"
    if (
        before.isalnum()
        or before in "._@/-^"
        or (end < len(text) and (text[end].isalnum() or text[end] in "_"))
    ):
        return None
    percent = bool(match.group(1))
    digits_end = match.start(1) if percent else end
    if _RANGE_AFTER.match(text, digits_end) or _RANGE_BEFORE.search(text, max(0, sign - 12), sign):
        return None
    word = _QUANTITY_WORD.match(text, end)
    if word:
        following = word.group(1).lower().rstrip(".")
        metric_next = _METRIC_AT.match(text, word.start(1)) or _QUALIFIER_WORD.fullmatch(following)
        if following not in _ALLOWED_NEXT and not metric_next:
            return None
    value = float(text[start:digits_end])
    return Number(start, end, value, percent, "+" in text[sign:start])


def find_metrics(text: str, marks: list[int], covered: Intervals) -> list[Metric]:
    """Metric names, with the qualifiers written before them; not inside other names
    ("Point-MAE" holds no MAE)."""
    found: list[Metric] = []
    for at in sorted(set(marks)):
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "@_-"):
            continue
        if covered.covers(at):
            continue
        match = _METRIC_AT.match(text, at)
        if not match:
            continue
        start, name = at, match.group()
        rank = _RANK_BEFORE.search(text, max(0, at - 40), at)
        qualifiers = _QUALIFIERS_BEFORE.search(text, max(0, at - 40), at)
        if qualifiers:
            start, name = qualifiers.start(), text[qualifiers.start() : match.end()]
        elif rank and name.lower() in ("accuracy", "recall", "error"):
            # "top-1 image-to-text recall" is top-1 recall.
            start, name = rank.start(), f"{rank.group('rank')} {name}"
        elif name.lower() in ("score", "scores"):
            # A bare "score" says nothing; "consistency scores", "BLEU score" do.
            noun = _NOUN_BEFORE.search(text, max(0, at - 30), at)
            if not noun:
                continue
            start, name = noun.start(), text[noun.start() : match.end()]
        name = " ".join(name.replace("_", "").split())
        if found and start < found[-1].end:
            if match.end() <= found[-1].end:
                continue  # "Error" inside "Mean Absolute Error"
            found.pop()  # "Top-1" inside "Top-1 accuracy"
        found.append(Metric(start, match.end(), name))
    return found


def find_results(
    doc: Doc,
    numbers: list[Number],
    metrics: list[Metric],
    datasets: list[Found],
    covered: Intervals,
) -> list[ResultMention]:
    text = doc.text
    numbers = [n for n in numbers if not covered.covers(n.start)]
    if not numbers:
        return []
    placed = sorted(
        (f.pos, f.end if f.end > 0 else f.pos + len(f.name), f.name) for f in datasets if f.pos >= 0
    )
    starts = [n.start for n in numbers]
    place_starts = [p[0] for p in placed]
    metric_starts = [m.start for m in metrics]
    results: list[ResultMention] = []
    seen: set[tuple[str, float, str, str]] = set()
    previous: tuple[list[Number], str | None, str] | None = None
    paired: tuple[int, list[str]] | None = None
    for group in _groups(text, numbers):
        sentence_start, sentence_end = doc.sentence_span(group[0].start)
        metric = _metric_for(text, group, metrics, metric_starts, sentence_start, sentence_end)
        kind = _kind(text, group, sentence_start)
        if previous and previous[1] is not None:
            last = previous[0][-1]
            if last.end >= sentence_start and _PARALLEL.match(text[last.end : group[0].start]):
                metric = metric if metric else previous[1]
                # A gain cue on either number covers both ("by 3.2% on A and 2.8% higher on B").
                kind = "gain" if "gain" in (kind, previous[2]) else "absolute"
        previous = (group, metric, kind)
        if metric is None or _about_cost(text, group[0].start, sentence_start):
            continue
        names = _datasets_for(group, placed, place_starts, starts, sentence_start, sentence_end)
        if (
            len(group) > 1
            and not any(names)
            and paired
            and paired[0] == sentence_start
            and len(paired[1]) == len(group)
        ):
            # "85.3/74.5 F1 on SQuAD v1.1/v2.0, 3.2/2.7 higher than X": as many numbers as the
            # last group in the sentence refer to the same datasets, in order.
            names = paired[1]
        if any(names):
            paired = (sentence_start, names)
        if not metric and not any(names):
            continue
        evidence = doc.sentence(group[0].start)
        for number, dataset in zip(group, names, strict=True):
            if number.value == 0 and not number.percent:
                continue
            key = (metric_key(metric), number.value, kind, dataset)
            if key in seen:
                continue
            seen.add(key)
            results.append(
                ResultMention(
                    metric=metric,
                    value=number.value,
                    kind=kind,
                    dataset=dataset,
                    unit="%" if number.percent else "",
                    evidence=evidence,
                )
            )
    return results


def _groups(text: str, numbers: list[Number]) -> list[list[Number]]:
    """Numbers read together: "85.3/74.5", "79.15% and 71.14%", "6.5%, 7.0%, and 6.7%"."""
    groups: list[list[Number]] = []
    for number in numbers:
        if groups:
            last = groups[-1][-1]
            join = _GROUP_JOIN.match(text, last.end if not last.percent else last.end - 1)
            if join and join.end() >= number.start - 2 and number.start - last.end < 12:
                groups[-1].append(number)
                continue
        groups.append([number])
    return groups


def _metric_for(
    text: str,
    group: list[Number],
    metrics: list[Metric],
    starts: list[int],
    sentence_start: int,
    sentence_end: int,
) -> str | None:
    """The metric written next to the numbers, else the closest one before them in the sentence,
    else after; "" when the sentence names none; None when the numbers are not results at all."""
    last, first = group[-1], group[0]
    nearby = metrics[
        bisect.bisect_left(starts, sentence_start) : bisect.bisect_left(starts, sentence_end)
    ]
    gap = _RIGHT_GAP.match(text, last.end)
    for metric in nearby:
        if gap and metric.start == gap.end():
            return metric.name
    for metric in nearby:
        if metric.end <= first.start and first.start - metric.end < 30:
            left = _LEFT_GAP.search(text, metric.end, first.start)
            if left and left.start() == metric.end:
                return metric.name
    before = [m.name for m in nearby if m.end <= first.start]
    if before:
        return before[-1]
    # "by 11.8% and 12.8% in terms of mean global accuracy": a metric shortly after.
    after = [m.name for m in nearby if last.end <= m.start < last.end + 40]
    return after[0] if after else ""


def _about_cost(text: str, start: int, sentence_start: int) -> bool:
    """ "reducing the number of trainable parameters by over 50%": a saving, not a score."""
    left = text[max(sentence_start, start - 70) : start].lower()
    by = left.rfind(" by ")
    if by < 0:
        return False
    clause = left[max(left.rfind(","), 0) : by]
    return any(word in clause for word in _COST_WORDS)


def _kind(text: str, group: list[Number], sentence_start: int) -> str:
    first, last = group[0], group[-1]
    if any(n.signed for n in group):
        return "gain"
    left = text[max(sentence_start, first.start - 60) : first.start]
    if _GAIN_AFTER.match(text, last.end):
        return "gain"
    cue = _GAIN_BEFORE.search(left.rstrip("+~ ") + " ") or _GAIN_BEFORE.search(left)
    # A bare "by" is a gain only after a verb of change: "improves ... by", not "by 2021".
    if cue and (
        not _BY_BEFORE.search(left) or _GAIN_VERB.search(text, sentence_start, first.start)
    ):
        return "gain"
    if _IMPROVES_BEFORE.search(left):
        return "gain"  # "improves 2.3% average top-1 accuracy"
    return "absolute"


def _datasets_for(
    group: list[Number],
    placed: list[tuple[int, int, str]],
    place_starts: list[int],
    number_starts: list[int],
    sentence_start: int,
    sentence_end: int,
) -> list[str]:
    """The datasets named right after the numbers, else the last ones before them in the
    sentence, else the first one after them in the sentence."""
    last = group[-1]
    following_number = bisect.bisect_right(number_starts, last.end)
    limit = sentence_end
    if following_number < len(number_starts):
        limit = min(limit, number_starts[following_number])
    lo = bisect.bisect_left(place_starts, last.end)
    following = [
        p for p in placed[lo : bisect.bisect_left(place_starts, min(limit, last.end + 60))]
    ]
    if following:
        return _pair(group, following)
    before = placed[
        bisect.bisect_left(place_starts, sentence_start) : bisect.bisect_left(
            place_starts, group[0].start
        )
    ]
    run = _last_run(before, len(group))
    if run:
        return _pair(group, run)
    after = placed[lo : bisect.bisect_left(place_starts, sentence_end)]
    if after:
        return [after[0][2]] * len(group)
    return [""] * len(group)


def _last_run(before: list[tuple[int, int, str]], size: int) -> list[tuple[int, int, str]]:
    """The names the numbers refer back to: one each when the sentence lists as many, the only
    one when it names one; none when it names more ("on A, B and C ... improves 11%")."""
    distinct: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for item in reversed(before):
        key = entity_key(item[2])
        if key not in seen:
            seen.add(key)
            distinct.append(item)
    distinct.reverse()
    return distinct if len(distinct) in (1, size) else []


def _pair(group: list[Number], names: list[tuple[int, int, str]]) -> list[str]:
    ordered: list[str] = []
    for _start, _end, name in names:
        if name not in ordered:
            ordered.append(name)
    if len(ordered) == len(group):
        return ordered
    return [ordered[0]] * len(group)
