"""A curator's decisions on extracted links (methods, datasets, results, repository links).

Extracted links are never deleted by a curator: rejecting keeps the row with status=rejected,
so the next ingest sees the decision and does not bring the link back. Links a curator added
can simply be deleted.
"""

from django.db import transaction

from papers.models import (
    LinkStatus,
    Origin,
    Paper,
    PaperDataset,
    PaperMethod,
    RepoLink,
    Result,
)

# URL-friendly names for the link kinds, used by the admin's accept/reject view.
LINK_MODELS = {
    "method": PaperMethod,
    "dataset": PaperDataset,
    "result": Result,
    "repo": RepoLink,
}
LINK_KINDS = {model: kind for kind, model in LINK_MODELS.items()}


def set_status(link, status: str) -> bool:
    """Accept, reject or reset one link; returns whether anything changed."""
    if status not in LinkStatus.values:
        raise ValueError(f"unknown link status {status!r}")
    if link.status == status:
        return False
    with transaction.atomic():
        type(link).objects.filter(pk=link.pk).update(status=status)
        link.status = status
        Paper.objects.refresh_facets([link.paper_id])
    return True


def remove(link) -> str:
    """What a curator's "delete" means: reject an extracted link, delete a curator's own one.

    Returns "rejected" or "deleted". The caller refreshes the paper's facets.
    """
    if link.origin == Origin.EXTRACTED:
        if link.status != LinkStatus.REJECTED:
            type(link).objects.filter(pk=link.pk).update(status=LinkStatus.REJECTED)
            link.status = LinkStatus.REJECTED
        return "rejected"
    link.delete()
    return "deleted"


def parse_repo_url(url: str) -> tuple[str, str, str]:
    """(host, owner, repo) of a repository or project URL, as ingest records them."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    netloc = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    hosts = {
        "github.com": RepoLink.Host.GITHUB,
        "gitlab.com": RepoLink.Host.GITLAB,
        "huggingface.co": RepoLink.Host.HUGGINGFACE,
    }
    host = hosts.get(netloc, RepoLink.Host.PROJECT)
    if host == RepoLink.Host.PROJECT or len(segments) < 2:
        return host, "", ""
    return host, segments[0][:100], segments[1].removesuffix(".git")[:200]
