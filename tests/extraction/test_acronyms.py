from papers.extraction.acronyms import best_long_form, find_definitions
from papers.extraction.text import Doc


def _definitions(text: str) -> list[tuple[str, str]]:
    return [(d.long, d.short) for d in find_definitions(Doc(text))]


def test_it_pairs_acronym_with_long_form():
    text = "We conduct a structural exploration and introduce the Inner-Adaptor Architecture (IAA)."
    assert _definitions(text) == [("Inner-Adaptor Architecture", "IAA")]


def test_it_pairs_letters_inside_words():
    assert _definitions("a novel Cross-Shaped windows (CSwin) transformer") == [
        ("Cross-Shaped windows", "CSwin")
    ]


def test_it_reads_or_for_short():
    text = "a method based on Leave-One-Out K-Nearest-Neighbor, or LOOK for short."
    assert _definitions(text) == [("Leave-One-Out K-Nearest-Neighbor", "LOOK")]


def test_it_ignores_parentheses_that_spell_nothing():
    assert _definitions("tasks such as image classification (ImageNet) and more") == []
    assert _definitions("backbones (e.g., CLIP) work") == []


def test_it_does_not_start_a_long_form_at_a_verb():
    assert _definitions("We decouple RPN and ROI head (DRR) and use RoIAlign.") == []


def test_best_long_form_needs_a_word_start_for_the_first_letter():
    assert best_long_form("XY", "an index of years") == -1
    assert best_long_form("RPN", "a region proposal network") == 2


def test_it_pairs_reverse_acronym_definitions():
    text = "We build QuiRK (Query-based Index Retrieval Kernels), unlike Mamba (a model)."
    assert _definitions(text) == [("Query-based Index Retrieval Kernels", "QuiRK")]


def test_it_reads_a_digit_as_a_count_of_initials():
    assert _definitions("we train G3 (Gated Graph Generator) nets") == [
        ("Gated Graph Generator", "G3")
    ]
    assert _definitions("Rank and Rerank for Planning (R2P) works") == [
        ("Rank and Rerank for Planning", "R2P")
    ]


def test_it_reads_a_hyphenated_head_as_its_last_part():
    from papers.extraction import extract

    methods = extract("We propose Q3 (Quick Quantised Query-transformer) for search.").methods
    assert [(m.name, m.acronym, m.proposed) for m in methods] == [
        ("Quick Quantised Query-transformer", "Q3", True)
    ]


def test_it_prefers_initials_to_letters_inside_one_word():
    assert _definitions("a metric, Causal Entity Coherence (CEC), for chains") == [
        ("Causal Entity Coherence", "CEC")
    ]
    assert _definitions("it builds a mixture of Low-Rank Adaptation (LoRA) experts") == [
        ("Low-Rank Adaptation", "LoRA")
    ]


def test_a_long_form_is_not_a_clause():
    assert _definitions("In this work, we build a graph-guided CNN for denoising (GDNet).") == []
    assert _definitions("Prompts (VP) are tuned with scores grouped by causes (VP-sc).") == []
    assert _definitions("the What You See is What You Get (WYSIWYG) editor") == [
        ("What You See is What You Get", "WYSIWYG")
    ]
