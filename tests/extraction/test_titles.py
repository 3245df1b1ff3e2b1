from papers.extraction import derive_title, extract


def _title(abstract: str) -> str:
    return derive_title(abstract, extract(abstract))


def test_derive_title_uses_proposed_acronym():
    abstract = (
        "Masked image modeling (MIM) has shown promise. We introduce a learning-efficient scheme, "
        "termed Disjoint Masking with Joint Distillation (DMJD)."
    )
    assert _title(abstract) == "DMJD: Disjoint Masking with Joint Distillation"


def test_derive_title_title_cases_a_lower_case_long_form():
    abstract = (
        "We propose a simple visual pretraining method with location-aware captioners (LocCa)."
    )
    assert _title(abstract) == "LocCa: Location-Aware Captioners"


def test_derive_title_names_the_task_of_a_proposed_method():
    abstract = (
        "In this paper, we present a simple yet robust framework, SimVG, for visual grounding."
    )
    assert _title(abstract) == "SimVG for Visual Grounding"


def test_derive_title_falls_back_to_the_first_clause():
    abstract = (
        "Deep neural networks play a crucial role in the field of artificial intelligence, and "
        "their security-related testing has been a prominent research focus."
    )
    assert (
        _title(abstract)
        == "Deep neural networks play a crucial role in the field of artificial intelligence"
    )


def test_derive_title_cuts_long_first_sentences_on_a_word_boundary():
    title = _title("word " * 60)
    assert 0 < len(title) <= 100 and not title.endswith(" ")


def test_derive_title_is_never_empty():
    assert _title("x")
    assert _title("...")
