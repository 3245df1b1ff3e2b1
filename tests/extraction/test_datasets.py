from papers.extraction import extract


def _datasets(abstract: str) -> dict[str, bool]:
    return {d.name: d.introduced for d in extract(abstract).datasets}


def test_it_finds_known_datasets_in_any_usual_spelling():
    datasets = _datasets("Experiments on CIFAR-100, ImageNet-2012, and MS-COCO show gains.")
    assert datasets == {"CIFAR-100": False, "ImageNet-2012": False, "MS-COCO": False}


def test_it_finds_unseen_datasets_from_how_they_are_written():
    datasets = _datasets(
        "It achieves the best results on four challenging benchmark datasets: NTU RGB+D, HDM05, "
        "SYSU-3D and UT-Kinect. The part detection experiments on the PACO dataset agree."
    )
    assert set(datasets) == {"NTU RGB+D", "HDM05", "SYSU-3D", "UT-Kinect", "PACO"}


def test_it_marks_introduced_datasets():
    datasets = _datasets(
        "Furthermore, we construct a new large-scale image-text pair dataset called FILIP300M "
        "for pre-training, and evaluate on Flickr30K."
    )
    assert datasets == {"FILIP300M": True, "Flickr30K": False}


def test_it_expands_slash_variants():
    datasets = _datasets(
        "Experiments on six VG datasets, i.e., RefCOCO/+/g, ReferIt, and Flickr30K."
    )
    assert set(datasets) == {"RefCOCO", "RefCOCO+", "RefCOCOg", "ReferIt", "Flickr30K"}


def test_it_takes_the_dataset_measured_after_a_score():
    datasets = _datasets("We improve the baseline by Top-1 2.9% on LTCC and 5.0% on PRCC.")
    assert set(datasets) == {"LTCC", "PRCC"}


def test_it_does_not_take_task_acronyms_for_datasets():
    datasets = _datasets(
        "Video Instance Segmentation (VIS) is hard. Results on commonly adopted VIS benchmarks "
        "and the OVIS dataset improve."
    )
    assert datasets == {"OVIS": False}
