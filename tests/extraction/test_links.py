from papers.extraction import extract


def _urls(abstract: str, comment: str = "") -> list[str]:
    return [link.url for link in extract(abstract, comment=comment).links]


def test_it_strips_trailing_punctuation_from_urls():
    assert _urls("Code: https://github.com/youngfly11/ReIR-WeaklyGrounding.pytorch.git).") == [
        "https://github.com/youngfly11/ReIR-WeaklyGrounding.pytorch"
    ]
    assert _urls("See https://github.com/zhengli97/CTKD; and https://x.github.io/p/.") == [
        "https://github.com/zhengli97/CTKD",
        "https://x.github.io/p",
    ]


def test_it_collapses_url_doubles():
    doubled = "at https://rayyoh.github.io/GaussianCross/{https://rayyoh.github.io/GaussianCross/}."
    assert _urls(doubled) == ["https://rayyoh.github.io/GaussianCross"]
    markdown = "Code: [https://github.com/a/b](https://github.com/a/b)."
    assert _urls(markdown) == ["https://github.com/a/b"]


def test_it_removes_url_wrappers():
    assert _urls("List at \\url{https://github.com/Martinser/Awesome-Historical-Learning.}") == [
        "https://github.com/Martinser/Awesome-Historical-Learning"
    ]


def test_it_mends_a_url_broken_by_a_stray_space():
    assert _urls("Code: https://github.com/foo/ bar.") == ["https://github.com/foo/bar"]
    assert _urls("at https://github.com/CyberAgentA ILab/YokaiEval.") == [
        "https://github.com/CyberAgentAILab/YokaiEval"
    ]
    assert _urls("Code will be at https://github.com/someone/ soon.") == [
        "https://github.com/someone"
    ]


def test_it_adds_the_scheme():
    assert _urls("Code is at github.com/PeriodRecon/tool.") == [
        "https://github.com/PeriodRecon/tool"
    ]


def test_it_reads_only_a_leading_http_as_the_scheme():
    # Found by hypothesis: "www." took the place of the scheme and "agithub.com" became the host.
    assert _urls("www.://agithub.com/") == []


def test_it_skips_leaderboards_and_paper_pages():
    abstract = (
        "SOTA on https://paperswithcode.com/dataset/inaturalist and third at "
        "https://www.kaggle.com/c/inaturalist-2021/leaderboard, see arXiv:2101.00001 and "
        "https://doi.org/10.1/x. Code: https://github.com/ylingfeng/DynamicMLP.git"
    )
    assert _urls(abstract) == ["https://github.com/ylingfeng/DynamicMLP"]


def test_it_skips_community_and_chat_invitations():
    comment = "Join us at https://discord.gg/AbCdEf12 or https://join.slack.com/t/lab/shared_invite"
    comment += "; code at https://github.com/lab/tool"
    assert _urls("We study X.", comment) == ["https://github.com/lab/tool"]


def test_it_deduplicates_repositories_case_insensitively():
    links = extract(
        "Code: https://github.com/Paranioar/UniPT.", comment="https://github.com/paranioar/unipt/"
    ).links
    assert [link.url for link in links] == ["https://github.com/Paranioar/UniPT"]


def test_it_classifies_hosts_and_keeps_owner_and_repo():
    links = extract(
        "https://github.com/OFA-Sys/ONE-PEACE https://huggingface.co/datasets/org/data "
        "https://gitlab.com/team/proj https://iconqa.github.io"
    ).links
    assert [(link.host, link.owner, link.repo) for link in links] == [
        ("github", "OFA-Sys", "ONE-PEACE"),
        ("huggingface", "org", "data"),
        ("gitlab", "team", "proj"),
        ("project", "", ""),
    ]
