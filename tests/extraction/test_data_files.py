from papers.extraction.gazetteer import read_entries, read_terms
from papers.extraction.keys import _fold, entity_key


def test_no_alias_points_at_two_entities():
    owner: dict[str, str] = {}
    for filename in ("methods.txt", "datasets.txt"):
        for forms in read_entries(filename):
            canonical = _fold(forms[0])
            for form in forms:
                key = _fold(form)
                assert owner.setdefault(key, canonical) == canonical, (form, owner[key], canonical)


def test_generic_terms_are_not_gazetteer_entities():
    known = {
        entity_key(form)
        for f in ("methods.txt", "datasets.txt")
        for row in read_entries(f)
        for form in row
    }
    assert not known & {entity_key(term) for term in read_terms("generic.txt")}


def test_data_files_are_large_enough_to_be_useful():
    assert len(read_entries("datasets.txt")) >= 300
    assert len(read_entries("methods.txt")) >= 250
