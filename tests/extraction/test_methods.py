from papers.extraction import extract


def _methods(abstract: str, title: str = "") -> dict[str, tuple[str, bool]]:
    return {m.name: (m.acronym, m.proposed) for m in extract(abstract, title).methods}


def test_it_marks_termed_methods_as_proposed():
    methods = _methods(
        "We introduce a learning-efficient training scheme, termed Disjoint Masking with Joint "
        "Distillation (DMJD). Our DMJD improves accuracy over ConvMAE."
    )
    assert methods["Disjoint Masking with Joint Distillation"] == ("DMJD", True)
    assert methods["ConvMAE"] == ("", False)


def test_it_marks_we_propose_names_as_proposed():
    methods = _methods("In this paper, we propose Point-PQAE, a cross-reconstruction paradigm.")
    assert methods == {"Point-PQAE": ("", True)}


def test_it_pairs_acronym_with_long_form_into_one_method():
    methods = _methods(
        "We introduce the Inner-Adaptor Architecture (IAA). IAA outperforms previous methods."
    )
    assert methods == {"Inner-Adaptor Architecture": ("IAA", True)}


def test_it_ignores_generic_families():
    methods = _methods(
        "Convolutional neural networks (CNNs), transformers, large language models (LLMs) and "
        "generative adversarial networks (GANs) rely on knowledge distillation and contrastive "
        "learning, unlike diffusion models."
    )
    assert methods == {}


def test_it_ignores_task_acronyms():
    methods = _methods(
        "Open-vocabulary detection (OVD) and masked image modeling (MIM) matter for natural "
        "language processing (NLP) and Human Activity Recognition (HAR). OVD detectors improve."
    )
    assert methods == {}


def test_it_keeps_known_methods_as_mentions():
    methods = _methods("To handle this, OVD leverages pre-trained models such as CLIP and ALIGN.")
    assert methods == {"CLIP": ("", False), "ALIGN": ("", False)}


def test_it_finds_unseen_baselines_from_context():
    methods = _methods(
        "Our approach outperforms notably pre-training-based methods (Mind-Vis and fMRI-PTE)."
    )
    assert set(methods) == {"Mind-Vis", "fMRI-PTE"}


def test_it_reads_the_method_named_in_the_title():
    methods = _methods(
        "We study audio classification without labels.",
        title="SSAST: Self-Supervised Audio Spectrogram Transformer",
    )
    assert methods == {"Self-Supervised Audio Spectrogram Transformer": ("SSAST", True)}


def test_it_keeps_size_variants_of_known_models():
    methods = _methods("Based on ResNet-50 and ViT-B/16, we train Qwen2.5-7B.")
    assert set(methods) == {"ResNet-50", "ViT-B/16", "Qwen2.5-7B"}


def test_it_does_not_find_names_inside_other_names():
    methods = _methods("We present GrowCLIP, and Structure-CLIP improves over it.")
    assert "CLIP" not in methods


def test_it_marks_parts_of_a_proposed_method():
    methods = _methods(
        "We propose Uniform Masking (UM) for pyramid models. Specifically, UM includes a Uniform "
        "Sampling (US) that samples patches, and a Secondary Masking (SM) which masks them."
    )
    assert methods["Uniform Sampling"] == ("US", True)
    assert methods["Secondary Masking"] == ("SM", True)


def _proposed(abstract: str, title: str = "") -> list[str]:
    return [m.name for m in extract(abstract, title).methods if m.proposed]


def test_it_does_not_claim_what_namely_lists():
    abstract = (
        "We study whether pre-training helps retrieval across two modalities, namely speech and "
        "printed lyrics."
    )
    assert _proposed(abstract) == []


def test_it_does_not_take_the_sources_of_a_dataset_for_methods():
    abstract = (
        "We collect a corpus, GeoTalk-9, which consists of posts from Wikimedia Commons (WMC) and "
        "the Global Biodiversity Facility (GBF)."
    )
    assert _proposed(abstract) == []


def test_it_reads_the_name_after_the_kind_of_thing_in_our_phrases():
    abstract = (
        "The proposed network Graph Echo Blocks (GEB) is fast. Our distilled TinyRex-3 runs on "
        "phones. Our method outperforms BERT."
    )
    assert _methods(abstract) == {
        "Graph Echo Blocks": ("GEB", True),
        "TinyRex-3": ("", True),
        "BERT": ("", False),
    }


def test_it_keeps_the_kind_noun_of_a_coined_name_with_a_hyphen():
    abstract = "We introduce Q3K self-attention, a cheap attention that ignores padding."
    assert _proposed(abstract) == ["Q3K self-attention"]


def test_a_naming_word_starts_the_long_form():
    abstract = "We present a recipe called Cross-view Multi-scale Masked Autoencoders (MultiMAE)."
    assert _methods(abstract) == {"Cross-view Multi-scale Masked Autoencoders": ("MultiMAE", True)}


def test_it_claims_a_described_family_member_the_text_keeps_naming():
    abstract = (
        "We propose a gated GNN for traffic forecasting. The gated GNN mixes road and weather "
        "signals. We also train a simple GAN on the same data, and the simple GAN collapses."
    )
    assert _proposed(abstract) == ["gated GNN"]


def test_it_does_not_claim_a_described_acronym_that_only_modifies():
    abstract = "We propose a causal CoT prompting method. The causal CoT prompting helps."
    assert _proposed(abstract) == []


def test_it_does_not_claim_a_named_task():
    abstract = (
        "We introduce a new pre-training task, masked phrase ordering (MPO), to align words. "
        "MPO is easy to add."
    )
    assert _proposed(abstract) == []


def test_it_claims_the_name_set_off_after_a_description_holding_a_definition():
    abstract = (
        "We present a Dual-Stream Retention (DSR) attention decoder model, DSR Decoder, to read "
        "charts. DSR Decoder beats GPT-4."
    )
    assert _proposed(abstract) == ["DSR Decoder"]


def test_namely_names_what_the_authors_build_not_what_they_examine():
    assert _proposed("We build a fast planner, namely PathWeaver, for drones.") == ["PathWeaver"]
    assert _proposed("We examined four detectors, namely FocusNet and CoreDet.") == []


def test_a_task_defined_before_the_method_is_not_a_part_of_it():
    abstract = (
        "Scene graph parsing (SGP) is hard. We propose SGPFormer (Scene Graph Parsing "
        "Transformer), which first applies graph token mixing (GTM)."
    )
    assert _proposed(abstract) == ["Scene Graph Parsing Transformer"]


def test_it_does_not_claim_what_our_model_did_to_a_metric():
    assert _proposed("Our model reduced NMSE by 30% and our method improved RoboScore.") == []


def test_named_entities_and_what_is_often_called_so_are_not_claims():
    abstract = (
        "We propose a tagger for named entity recognition and named entities in speech. Models "
        "produce errors, often referred to as drift."
    )
    assert _proposed(abstract) == []


def test_a_lower_case_name_ends_before_a_small_word():
    abstract = "We design a module named token echo pooling to merge tokens."
    assert _proposed(abstract) == ["token echo pooling"]


def test_what_a_proposal_results_in_is_proposed():
    abstract = (
        "We propose a two-step recalibration scheme, resulting in a compact Echo Memory Network "
        "(EMN) which consists of a Slot-Mixer and a Gated Reader (GR). Prior work yields "
        "Sparse Recall Network (SRN) baselines."
    )
    assert _proposed(abstract) == ["Echo Memory Network", "Gated Reader"]


def test_title_case_compounds_are_parts_but_hyphenated_modifiers_are_not():
    abstract = (
        "We propose PatchLoom, a layout model. PatchLoom consists of a Token-Mixer and a "
        "Gas-saving router."
    )
    assert _proposed(abstract) == ["PatchLoom", "Token-Mixer"]
