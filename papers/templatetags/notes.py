"""`{% load notes %}` then `{{ note.body|markdown }}`: a note's Markdown as safe HTML."""

from django import template
from django.utils.safestring import mark_safe

from papers.curation.notes import render_note

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(body: str) -> str:
    return mark_safe(render_note(body))  # noqa: S308 (render_note sanitises with nh3)
