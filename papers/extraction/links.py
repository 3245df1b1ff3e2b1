"""Code and project links: found in the raw abstract and comment, mended and normalised."""

import re

from .text import find_urls, has_url
from .types import LinkMention
from .vocabulary import words

# Paper, index and leaderboard pages say nothing about where the code or project lives.
_NOT_CODE_HOSTS = (
    "arxiv.org",
    "doi.org",
    "paperswithcode.com",
    "kaggle.com",
    "openreview.net",
    "aclanthology.org",
    "aclweb.org",
    "ieeexplore.ieee.org",
    "dl.acm.org",
    "scholar.google.com",
    "semanticscholar.org",
    "researchgate.net",
    "wikipedia.org",
    "creativecommons.org",
    "openaccess.thecvf.com",
    "proceedings.neurips.cc",
    "proceedings.mlr.press",
    "biorxiv.org",
    "medrxiv.org",
    "ssrn.com",
    "springer.com",
    "sciencedirect.com",
    "nature.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "orcid.org",
    "youtube.com",
    "youtu.be",
    # Community and chat invitations.
    "discord.gg",
    "discord.com",
    "slack.com",
    "t.me",
    "reddit.com",
    "facebook.com",
)
_NOT_CODE_SUBDOMAINS = tuple("." + host for host in _NOT_CODE_HOSTS)
_TRAILING = ".,;:!?'\"*>`([<"
_SECOND_SCHEME = re.compile(r"(?<=.)(?=https?://)", re.IGNORECASE)
# After a stray space: one path-like word (or "owner-tail/repo" when the owner was cut), then the
# end of the sentence or text.
_CONTINUATION = re.compile(
    r"[ \t]*\n?[ \t]*([A-Za-z0-9][\w.\-]*(?:/[\w.\-]+)?[A-Za-z0-9_])(?=[.,;)]?(?:\s|$))"
)
# Words that follow a complete URL in prose; a continuation that is one of them is not a path.
_PROSE = words(
    """soon and or for to in on at the with after upon later once under via respectively which
    where when as is are will can"""
)
_QUERY = re.compile(r"[?#]")
_HTTP = re.compile(r"https?://", re.IGNORECASE)
_CODE_HOSTS = {"github.com": "github", "gitlab.com": "gitlab", "huggingface.co": "huggingface"}


def find_links(raw: str) -> list[LinkMention]:
    if not has_url(raw):
        return []
    found: list[LinkMention] = []
    for match in find_urls(raw):
        piece = _mend(raw, match)
        for url in _SECOND_SCHEME.split(piece):
            link = _link(url, _evidence(raw, match.start(), match.end()))
            if link:
                found.append(link)
    return found


def merge_links(links: list[LinkMention]) -> tuple[LinkMention, ...]:
    """Drop repeats: the same repository under different spellings counts once."""
    seen: set[str] = set()
    kept: list[LinkMention] = []
    for link in links:
        key = f"{link.host}:{link.owner}/{link.repo}" if link.repo else link.url
        key = key.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(link)
    return tuple(kept)


def _mend(raw: str, match: re.Match[str]) -> str:
    url = match.group()
    host, segments = _split(url)
    # Only a repository URL that lacks its repository name is unambiguously incomplete: it ends
    # in a separator ("github.com/foo/ bar") or the owner was cut ("github.com/Lab A Lab/repo").
    if host not in _CODE_HOSTS or len(segments) != 1:
        return url
    rest = _CONTINUATION.match(raw, match.end())
    if not rest or rest.group(1).lower() in _PROSE:
        return url
    tail = rest.group(1)
    if url.endswith(("/", "-", "_")) and "/" not in tail:
        return url + tail
    if not url.endswith("/") and tail.count("/") == 1:
        return url + tail
    return url


def normalise_url(url: str) -> str:
    url = url.strip()
    while True:
        before = url
        url = url.rstrip(_TRAILING)
        for closer, opener in ((")", "("), ("]", "["), ("}", "{")):
            if url.endswith(closer) and url.count(closer) > url.count(opener):
                url = url[:-1]
        if url.lower().endswith(".git"):
            url = url[:-4]
        url = url.rstrip("/")
        if url == before:
            break
    # Only a leading http(s):// is a scheme: in "www.://host" the "://" is debris.
    if not _HTTP.match(url):
        url = "https://" + url
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    host = host.lower()
    if host.removeprefix("www.") in _CODE_HOSTS:
        scheme, host = "https", host.removeprefix("www.")
    return f"{scheme.lower()}://{host}/{path}" if path else f"{scheme.lower()}://{host}"


def _split(url: str) -> tuple[str, list[str]]:
    """Host without "www." or port, and the non-empty path segments."""
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = _QUERY.split(rest, maxsplit=1)[0]
    host, _, path = rest.partition("/")
    host = host.lower().rsplit("@", 1)[-1].split(":")[0].removeprefix("www.")
    return host, [p for p in path.split("/") if p]


def _link(url: str, evidence: str) -> LinkMention | None:
    url = normalise_url(url)
    bare, segments = _split(url)
    if "." not in bare or bare in _NOT_CODE_HOSTS or bare.endswith(_NOT_CODE_SUBDOMAINS):
        return None
    kind = _CODE_HOSTS.get(bare) or ("huggingface" if bare == "hf.co" else "project")
    owner = repo = ""
    if kind == "huggingface" and segments and segments[0] in ("datasets", "spaces", "models"):
        segments = segments[1:]
    if kind != "project":
        if not segments:
            return None
        owner = segments[0]
        repo = segments[1] if len(segments) > 1 else ""
    return LinkMention(url=url, host=kind, owner=owner, repo=repo, evidence=evidence)


def _evidence(raw: str, start: int, end: int) -> str:
    floor = max(0, start - 400)
    left = max(raw.rfind(". ", floor, start), raw.rfind(".\n", floor, start))
    right = raw.find(". ", end, end + 400)
    right = min(len(raw), end + 400) if right < 0 else right + 1
    return " ".join(raw[left + 1 if left >= 0 else floor : right].split())
