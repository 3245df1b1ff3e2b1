from papers.extraction import entity_key


def test_entity_key_merges_coco_spellings():
    assert (
        len({entity_key(n) for n in ("MS-COCO", "MSCOCO", "COCO", "Microsoft COCO", "ms coco")})
        == 1
    )


def test_entity_key_merges_vit_spellings():
    assert entity_key("ViT") == entity_key("Vision Transformer") == entity_key("ViTs")


def test_entity_key_keeps_distinct_datasets_apart():
    assert entity_key("RefCOCO") != entity_key("RefCOCO+") != entity_key("RefCOCOg")
    assert entity_key("ImageNet") != entity_key("ImageNet-21K")


def test_entity_key_drops_a_trailing_dataset_word():
    assert entity_key("Waymo Open Dataset") == entity_key("Waymo Open")


def test_entity_key_is_stable():
    # Keys are stored in the database; changing these values needs a data migration.
    assert entity_key("COCO") == "coco"
    assert entity_key("Inner-Adaptor Architecture") == "inneradaptorarchitecture"
    assert entity_key("NTU RGB+D") == "nturgbplusd"
