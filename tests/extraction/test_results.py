from papers.extraction import extract, metric_key


def _results(abstract: str) -> list[tuple[str, float, str, str]]:
    return [(r.metric, r.value, r.kind, r.dataset) for r in extract(abstract).results]


def test_it_reads_novel_ap50_from_latex():
    results = _results(
        "On the OVD-COCO benchmark, DRR achieves 35.8 Novel AP$_{50}$, an absolute 2.8 gain over "
        "the previous state-of-the-art (SOTA)."
    )
    assert results == [
        ("Novel AP50", 35.8, "absolute", "OVD-COCO"),
        ("Novel AP50", 2.8, "gain", "OVD-COCO"),
    ]


def test_it_marks_outperforms_by_as_gain():
    results = _results(
        "ResNet-18 achieves 79.15% and 71.14% accuracy on CIFAR-100 and ImageNet, outperforming "
        "the baseline results by 4.74% and 1.43%, respectively."
    )
    assert results == [
        ("accuracy", 79.15, "absolute", "CIFAR-100"),
        ("accuracy", 71.14, "absolute", "ImageNet"),
        ("accuracy", 4.74, "gain", "CIFAR-100"),
        ("accuracy", 1.43, "gain", "ImageNet"),
    ]


def test_it_records_the_percent_sign():
    result = extract("It reaches 59.27\\% top-1 accuracy in Flickr30K Entities.").results[0]
    assert (result.metric, result.value, result.unit) == ("top-1 accuracy", 59.27, "%")


def test_it_reads_metric_colon_value():
    assert _results("ResNet50 achieved the best performance (F1: 91.35%, AUROC: 0.98).") == [
        ("F1", 91.35, "absolute", ""),
        ("AUROC", 0.98, "absolute", ""),
    ]


def test_it_skips_ranges_without_metric():
    assert _results("It outperforms prior methods by an average margin of 3.0% to 4.6%.") == []
    assert _results("We see minimal drops (0.1-0.3%) and 2-4x computation reduction.") == []


def test_it_skips_counts_years_sizes_and_speedups():
    abstract = (
        "We collect 6 million pairs from 1500 patients in 2023 with a 4B model that runs 2x "
        "faster and uses 29.0M parameters, reducing training time by 50%."
    )
    assert _results(abstract) == []


def test_it_keeps_a_gain_on_a_named_dataset_without_metric():
    assert _results("It outperforms Point-MAE by 6.5% on ScanObjectNN.") == [
        ("", 6.5, "gain", "ScanObjectNN")
    ]


def test_metric_key_ignores_latex_and_spelling():
    assert metric_key("AP$_{50}$") == metric_key("AP50") == metric_key("AP_50")
    assert metric_key("top-1 acc") == metric_key("average top-1 accuracy")
    assert metric_key("R@1") == metric_key("Recall@1")
    assert metric_key("Average Precision") == metric_key("AP")


def test_it_reads_slash_joined_scores_as_one_per_dataset():
    results = _results("The model gets 71.2/65.8 EM on HotpotQA/TriviaQA, 1.5/0.9 higher than T5.")
    assert [(m, v, k) for m, v, k, _ in results] == [
        ("EM", 71.2, "absolute"),
        ("EM", 65.8, "absolute"),
        ("EM", 1.5, "gain"),
        ("EM", 0.9, "gain"),
    ]


def test_it_reads_a_gain_whose_metric_follows_the_cue():
    results = _results("Our detector beats the baseline by mAP 1.7% on KITTI and 0.8% on nuScenes.")
    assert results == [("mAP", 1.7, "gain", "KITTI"), ("mAP", 0.8, "gain", "nuScenes")]


def test_it_carries_a_gain_to_numbers_coordinated_with_it():
    results = _results(
        "It raises the linear probing score by 4.4% mIoU and 2.1% AP on ADE20K, and brings "
        "relative increases of 12.5% R@5 in zero-shot DiDeMo retrieval and 8.0% on VATEX."
    )
    assert [(m, v, k) for m, v, k, _ in results] == [
        ("mIoU", 4.4, "gain"),
        ("AP", 2.1, "gain"),
        ("R@5", 12.5, "gain"),
        ("R@5", 8.0, "gain"),
    ]


def test_it_reads_mae_followed_by_a_value_as_the_metric():
    abstract = "The regressor reaches an MAE of 0.41 on QM9. We pre-train the encoder with MAE."
    assert _results(abstract) == [("MAE", 0.41, "absolute", "QM9")]
    assert [m.name for m in extract(abstract).methods] == ["MAE"]


def test_it_reads_a_gain_noun_after_the_metric():
    results = _results("It brings a 4.1 mAP@0.5 improvement and a 2.5% mean accuracy gain.")
    assert [(m, v, k) for m, v, k, _ in results] == [
        ("mAP@0.5", 4.1, "gain"),
        ("mean accuracy", 2.5, "gain"),
    ]


def test_it_takes_the_metric_named_after_in():
    results = _results("The ranker improves by 12.5% in MRR and 7.5% in NDCG@10 over BM25.")
    assert [(m, v, k) for m, v, k, _ in results] == [
        ("MRR", 12.5, "gain"),
        ("NDCG@10", 7.5, "gain"),
    ]


def test_numbers_in_step_with_the_last_group_share_its_datasets():
    results = _results(
        "It scores 70.1 on GLUE and 81.0/79.5 EM on HotpotQA/TriviaQA, 2.2/1.9 higher than T5."
    )
    assert [(v, d) for _, v, _, d in results][-2:] == [(2.2, "HotpotQA"), (1.9, "TriviaQA")]


def test_gains_as_a_verb_marks_a_gain():
    assert _results("On COCO the detector gains 1.8 AP.") == [("AP", 1.8, "gain", "COCO")]
