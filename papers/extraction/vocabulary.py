"""Small closed word classes that the finders reason with (grammar, not gazetteer)."""


def words(text: str) -> frozenset[str]:
    """A word set written as one string, so that long lists stay readable."""
    return frozenset(text.split())


DATASET_HEADS = words(
    """dataset datasets benchmark benchmarks database databases corpus corpora testbed suite"""
)
# Nouns that name what a method is; a name right next to one of them is a method.
METHOD_HEADS = words(
    """model models method methods approach approaches framework frameworks network networks net
    architecture architectures module modules baseline baselines backbone backbones detector
    detectors encoder encoders decoder decoders algorithm algorithms technique techniques
    strategy strategies scheme schemes pipeline mechanism mechanisms loss losses system systems
    paradigm block blocks layer layers transformer transformers head heads variant variants
    teacher student adapter adapters operator learner classifier generator tokenizer vlm vlms
    llm llms mllm mllms vit vits cnn cnns"""
)
# Words after a definition's parenthesis that make it a method: "(DCD) framework", "(VTC) loss".
METHOD_NEXT = words(
    """framework module loss network net block layer architecture mechanism transformer encoder
    decoder backbone detector operator paradigm strategy scheme pipeline algorithm model"""
)
# Long-form heads that always denote a method.
METHOD_LONG_HEADS = words(
    """network networks net architecture framework model models module transformer transformers
    encoder decoder autoencoder autoencoders loss algorithm mechanism block layer head machine
    adapter operator estimator classifier detector generator captioner captioners engine pyramid"""
)
# Long-form heads of fields, data and measures: never methods.
NON_METHOD_HEADS = words(
    """processing understanding intelligence vision science data distribution precision accuracy
    score recall error rate information unit units sensor sensors signal signals language
    languages knowledge interest disorder disease cancer tomography resonance rating imaging
    sensing"""
)
# Long-form heads of tasks: a method only when the paper names it as its own.
TASK_HEADS = words(
    """detection recognition segmentation classification estimation answering retrieval generation
    grounding captioning translation modeling modelling analysis reasoning tracking synthesis
    identification re-identification reidentification localization comprehension diagnosis
    discrimination evaluation interaction"""
)
# Words that show a name is somebody else's work, so a proposal cue before them does not reach.
REFERENCE_WORDS = (
    "outperform",
    "surpass",
    " than ",
    "compared",
    "unlike",
    "previous",
    "existing",
    "prior ",
    "state-of-the-art",
    " sota",
    "inspired by",
    "following ",
    " over ",
    # "we present an evaluation of the X model": X is studied, not proposed.
    "evaluation of",
    "analysis of",
    "study of",
    "comparison of",
    "survey of",
    "review of",
    "investigation of",
    "assessment of",
    "setting of",
    "task of",
    "problem of",
    "notion of",
    "concept of",
    # "a strategy based on Levenberg-Marquardt (LM)": what it builds on is someone else's.
    "based on",
    "built on",
    "built upon",
    "on top of",
)
# What authors do with other people's work.
NOT_OURS = words(
    """use used adopt adopted employ employed follow followed compare compared evaluate evaluated
    leverage leveraged apply applied utilize utilized analyze analyse analyzed study studied
    investigate investigated examine examined benchmark benchmarked test tested revisit
    revisited consider considered observe observed find found show showed demonstrate
    demonstrated fine-tune fine-tuned finetune finetuned extend extended replace replaced
    reproduce reproduced"""
)
DETERMINERS = words(
    """a an the this these that those our their its his her such each every both all"""
)
