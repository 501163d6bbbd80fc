"""Zone-count subjects are rebuilt as class names the warehouse can classify."""

import pytest

from extract.figures import extract_figures

CASES = [
    # elided head noun, borrowed from earlier in the sentence
    ("云南省共有开发区67家，其中国家级15家，省级52家。", "15家", "国家级开发区"),
    # a parenthesised breakdown inherits its parent's level
    ("浙江省有开发区134家，其中国家级46家（经济类21家、高新类8家），省级88家。", "8家", "国家级高新类开发区"),
    # the count precedes its noun
    ("全区形成了包括3个国家级新区、12个国家级开发区在内的平台体系。", "12个", "国家级开发区"),
    # the selecting clause after the noun becomes a modifier
    ("全省共有96家开发区纳入新版目录。", "96家", "纳入新版目录的开发区"),
    # the region is its own field, not part of the subject
    ("陕西省经国务院批准设立的开发区共63家。", "63家", "经国务院批准设立的开发区"),
]


@pytest.mark.parametrize(("sentence", "figure", "subject"), CASES)
def test_zone_count_subject(sentence: str, figure: str, subject: str) -> None:
    found = {f.text: f for f in extract_figures(sentence, "t")}
    assert found[figure].metric == "zone_count"
    assert found[figure].subject == subject
