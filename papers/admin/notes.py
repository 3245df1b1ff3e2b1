"""Editorial notes: Markdown with a rendered preview; author and editor recorded on save."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from papers.admin.base import BigTableAdmin
from papers.curation.notes import render_note
from papers.models import Note


def stamp_note(note: Note, user, adding: bool) -> None:
    """Attribute a note: who wrote it, and who edited it last."""
    if adding or note.pk is None:
        note.author = user
    else:
        note.edited_by = user


def rendered(note: Note) -> str:
    if not note or not note.body:
        return "—"
    return mark_safe(f'<div class="note-rendered">{render_note(note.body)}</div>')  # noqa: S308


class NoteInline(admin.StackedInline):
    model = Note
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80})}
    }
    fields = ("body", "visibility", "preview", "author", "edited_by", "created_at", "updated_at")
    readonly_fields = ("preview", "author", "edited_by", "created_at", "updated_at")
    classes = ("notes-inline",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "edited_by")

    @admin.display(description="Preview")
    def preview(self, note):
        return rendered(note)


def save_note_formset(request, formset) -> None:
    instances = formset.save(commit=False)
    for note in formset.deleted_objects:
        note.delete()
    for note in instances:
        stamp_note(note, request.user, adding=note.pk is None)
        note.save()
    formset.save_m2m()


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ("paper", "method", "dataset", "body", "visibility")

    def clean(self):
        cleaned = super().clean()
        targets = [name for name in ("paper", "method", "dataset") if cleaned.get(name)]
        if len(targets) != 1:
            raise forms.ValidationError("Attach the note to exactly one paper, method or dataset.")
        return cleaned


@admin.register(Note)
class NoteAdmin(BigTableAdmin):
    form = NoteForm
    list_display = ("excerpt", "target", "visibility", "author", "edited_by", "updated_at")
    list_filter = ("visibility",)
    list_select_related = ("paper", "method", "dataset", "author", "edited_by")
    search_fields = ("body",)
    autocomplete_fields = ("paper", "method", "dataset")
    readonly_fields = ("preview", "author", "edited_by", "created_at", "updated_at")
    fieldsets = (
        (
            "On",
            {
                "fields": ("paper", "method", "dataset"),
                "description": "Choose exactly one: a paper, a method or a dataset.",
            },
        ),
        (None, {"fields": ("body", "visibility", "preview")}),
        ("Attribution", {"fields": ("author", "edited_by", "created_at", "updated_at")}),
    )

    @admin.display(description="Note")
    def excerpt(self, note):
        return Truncator(note.body).chars(80)

    @admin.display(description="On")
    def target(self, note):
        obj = note.paper or note.method or note.dataset
        if obj is None:
            return "—"
        return format_html("{}: {}", obj._meta.verbose_name, Truncator(str(obj)).chars(60))

    @admin.display(description="Preview")
    def preview(self, note):
        return rendered(note)

    def save_model(self, request, obj, form, change):
        stamp_note(obj, request.user, adding=not change)
        super().save_model(request, obj, form, change)
