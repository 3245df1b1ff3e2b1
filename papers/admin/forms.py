"""Form fields the catalogue admin shares."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.html import format_html

from papers.ingest.records import fingerprint
from papers.models import Paper, Tag


class LinesArrayField(forms.CharField):
    """A list of strings edited one per line (author names may contain commas)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


FIELD_LABELS = {
    "title": "Title",
    "abstract": "Abstract",
    "arxiv_id": "arXiv id",
    "published": "Published",
    "authors": "Authors",
    "authors_count": "Number of authors",
    "organisation": "Organisation",
    "upvotes": "Upvotes",
    "categories": "Categories",
    "comment": "Comment",
}


class PaperForm(forms.ModelForm):
    authors = LinesArrayField(required=False, help_text="One author per line.")
    curated_fields = forms.MultipleChoiceField(
        choices=[(name, FIELD_LABELS.get(name, name)) for name in Paper.INGESTED_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Protected from ingest",
        help_text=(
            "Fields a curator edited; ingest never overwrites them. Editing a field ticks it. "
            "Untick one to let the next ingest update it again."
        ),
    )

    class Meta:
        model = Paper
        widgets = {
            "title": forms.TextInput(attrs={"size": 100}),
            "abstract": forms.Textarea(attrs={"rows": 8, "cols": 100}),
            "comment": forms.Textarea(attrs={"rows": 2, "cols": 100}),
            "organisation": forms.TextInput(attrs={"size": 60}),
        }
        fields = (
            "title",
            "review_status",
            *(name for name in Paper.INGESTED_FIELDS if name != "title"),
            "curated_fields",
        )

    def clean_abstract(self):
        abstract = self.cleaned_data["abstract"]
        if self.instance.pk is None:
            existing = Paper.objects.filter(fingerprint=fingerprint(abstract)).first()
            if existing:
                raise forms.ValidationError(
                    format_html(
                        "A paper with this abstract is already in the catalogue: "
                        '<a href="../{}/change/">{}</a>.',
                        existing.pk,
                        existing,
                    )
                )
        return abstract


class PaperActionForm(ActionForm):
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.only("name"),
        required=False,
        label="Tag (for add/remove tag):",
        empty_label="—",
    )
