"""Editorial notes: Markdown rendered to safe HTML.

`render_note(body)` is the one renderer for notes everywhere (admin preview and public pages).
Raw HTML in a note is shown as text, never rendered, and links keep only http(s) URLs.
"""

import markdown
import nh3
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_WEB_SCHEMES = ("http://", "https://")


class _NoRawHtml(Extension):
    """Treat raw HTML in the source as text: Markdown then escapes it like any other text."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _only_web_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(_WEB_SCHEMES) else None
    return value


def render_note(body: str) -> str:
    """Render a note's Markdown body to sanitised HTML (a plain `str`; mark it safe to output)."""
    html = markdown.markdown(
        body or "",
        extensions=[_NoRawHtml(), "sane_lists", "fenced_code", "tables"],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_only_web_links,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer",
    )


def public_notes(obj):
    """Public notes on a paper, method or dataset, newest first, with their authors."""
    from papers.models import Note

    return obj.notes.filter(visibility=Note.Visibility.PUBLIC).select_related("author")
