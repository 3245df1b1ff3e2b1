"""Autocomplete for inline rows without a query per row.

Django's autocomplete widget looks up the selected object's label with its own query, once per
inline row. The rows were already loaded with `select_related`, so the inline hands each row's
widget the object it points at and the label costs nothing.
"""

from django.contrib.admin.widgets import AutocompleteSelect


class PreloadedAutocompleteSelect(AutocompleteSelect):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preloaded = {}

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.preloaded = {}
        return copy

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            obj = self.preloaded[key]
            label = self.choices.field.label_from_instance(obj)
            default[1].append(self.create_option(name, obj.pk, label, selected, len(default[1])))
        return [default]


class PreloadedAutocompleteInlineMixin:
    """For inlines: autocomplete fields get their selected objects from the row itself."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = tuple(self.get_autocomplete_fields(request))

        class PreloadedFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                for name in names:
                    field = form.fields.get(name)
                    if field is None or getattr(form.instance, f"{name}_id", None) is None:
                        continue
                    widget = getattr(field.widget, "widget", field.widget)
                    if isinstance(widget, PreloadedAutocompleteSelect):
                        related = getattr(form.instance, name)
                        widget.preloaded = {str(related.pk): related}
                return form

        PreloadedFormSet.__name__ = formset.__name__
        return PreloadedFormSet
