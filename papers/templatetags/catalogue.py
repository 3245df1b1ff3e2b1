"""`{% load catalogue %}`: filters that render catalogue text safely and format numbers."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from papers.rendering import render_abstract, render_title

register = template.Library()
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@register.filter
def abstract(text: str) -> SafeString:
    """An abstract with its inline LaTeX shown and its URLs linked; everything else escaped."""
    return render_abstract(text)


@register.filter
def title_html(text: str) -> SafeString:
    return render_title(str(text))


@register.filter
def thousands(value) -> str:
    """12345 -> "12,345"; anything that is not a number is shown as it is."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "" if value is None else str(value)


@register.filter
def signed(value: float) -> str:
    """A result value without float noise: 41.0 -> "41", 0.125 -> "0.125"."""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def colour_dot(colour: str) -> SafeString:
    """A tag's colour as an SVG dot: a presentation attribute, so no inline style is needed."""
    fill = colour if isinstance(colour, str) and _HEX.match(colour) else "#4f46e5"
    return format_html(
        '<svg class="dot" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
        '<circle cx="5" cy="5" r="5" fill="{}"/></svg>',
        fill,
    )
