"""Build the POST a browser would send from an admin change form, so tests can edit one field."""

from django.urls import reverse


def _form_values(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = value
    return data


def change_form_data(response) -> dict:
    """Every field of the admin change form in `response`, as it would be submitted unchanged."""
    context = response.context
    data = _form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.initial_forms:
            data.update(_form_values(form))
    return data


def add_inline_row(data: dict, prefix: str, **fields) -> dict:
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{total}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    return data


def inline_prefix(response, model_name: str) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise KeyError(model_name)


def inline_index(response, model_name: str, pk: int) -> int:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            for i, form in enumerate(inline.formset.initial_forms):
                if form.instance.pk == pk:
                    return i
    raise KeyError((model_name, pk))


def paper_change_url(paper) -> str:
    return reverse("admin:papers_paper_change", args=[paper.pk])


def edit_paper(client, paper, changes: dict | None = None, edit=None):
    """GET the paper's change form, apply `changes` (and `edit(data, response)`), POST it."""
    url = paper_change_url(paper)
    response = client.get(url)
    assert response.status_code == 200
    data = change_form_data(response)
    data.update(changes or {})
    if edit:
        edit(data, response)
    return client.post(url, data)
