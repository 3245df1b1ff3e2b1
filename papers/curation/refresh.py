"""Telling the rest of the catalogue that curation changed something."""


def catalogue_changed() -> None:
    """Make this connection's writes visible to the public pages' facet cache right away.

    The browse pages cache facet counts per catalogue version (Postgres's write counters), which
    otherwise move within a few seconds of a commit.
    """
    try:
        from papers.facets import bump_catalogue_version
    except ImportError:  # a tree without the browse pages' cache
        return
    bump_catalogue_version()
