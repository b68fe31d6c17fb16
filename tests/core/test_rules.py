"""Small domain rules: region codes, versions, pinyin keys, queries, admission."""

from villagedesk.core.admission import check_task
from villagedesk.core.catalogue import CatalogueItem
from villagedesk.core.region import applies_to, significant_prefix, specificity
from villagedesk.core.search_keys import parse_query, pinyin_keys, syllable_starts
from villagedesk.core.text import column_letter, fold, is_han
from villagedesk.core.version import parse_version


def test_region_prefixes_and_applicability():
    assert significant_prefix("000000") == ""
    assert significant_prefix("530000") == "53"
    assert significant_prefix("533100") == "5331"
    assert significant_prefix("533103") == "533103"
    assert applies_to("533103", "533103105201")
    assert applies_to("000000", "500112133212")
    assert not applies_to("222401", "533103105201")
    assert specificity("533103") > specificity("530000") > specificity("000000")


def test_versions_compare_number_by_number():
    assert parse_version("2024.10") > parse_version("2024.9")
    assert parse_version("2024.1.0") == parse_version("2024.1")
    assert parse_version("v1") is None and parse_version("") is None and parse_version("1..2") is None


def test_pinyin_keys_and_syllable_starts():
    keys = pinyin_keys("居住证明")
    assert keys.full == "juzhuzhengming" and keys.initials == "jzzm"
    assert syllable_starts(keys) == [0, 2, 5, 10]
    assert pinyin_keys("重庆").full == "chongqing"
    # characters without pinyin are kept one by one (pypinyin's errors callback returns a list)
    assert pinyin_keys("4G基站").syllables == ("4", "g", "ji", "zhan")


def test_query_folding():
    assert parse_query("  ＪＺＺＭ ").text == "jzzm"
    assert parse_query("JZZM").is_pinyin
    assert not parse_query("居住").is_pinyin
    assert parse_query("ju zhu").text == "juzhu"
    assert parse_query("居").short


def test_text_helpers():
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(26) == "AA"
    assert is_han("𠀾") and is_han("居") and not is_han("A")
    assert fold("Ａ 居") == "a居"


def _item(code, list_key, title, keywords=()):
    return CatalogueItem(code=code, list_key=list_key, title=title, basis="b", clause="", origin="national",
                         keywords=list(keywords))


ITEMS = [
    _item("N1", "negative", "拆迁拆违", ["拆除违章建筑", "违建"]),
    _item("N2", "negative", "安全生产", ["安全检查"]),
    _item("A1", "assist", "协助开展人口普查", ["人口普查"]),
    _item("Z1", "autonomy", "调解民间纠纷", ["邻里纠纷"]),
]


def test_admission_negative_list_found_through_keywords():
    result = check_task("请村委会负责辖区内违章建筑的拆除工作", ITEMS)
    assert result.verdict == "negative"
    assert result.matches[0].item.code == "N1"


def test_admission_assist_and_autonomy_and_unlisted():
    assert check_task("请协助做好第七次人口普查入户登记", ITEMS).verdict == "assist"
    assert check_task("调解两户村民的邻里纠纷", ITEMS).verdict == "autonomy"
    assert check_task("组织村民观看电影", ITEMS).verdict == "unlisted"


def test_admission_negative_wins_a_tie():
    items = ITEMS + [_item("A2", "assist", "安全生产宣传", [])]
    result = check_task("安全生产", items)
    assert result.verdict == "negative"
