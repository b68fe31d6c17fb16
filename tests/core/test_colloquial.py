"""The villagers'-words lexicon and the sentence matcher (core/colloquial.py): one loader for
the search and the 据实出具 guard; a bad entry is left out with a Chinese warning, never a crash."""

from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk import resources
from villagedesk.core.colloquial import Lexicon, SentenceIndex, is_sentence, read_lexicon
from villagedesk.services.catalogue import check_file
from villagedesk.services.lexicon import builtin_lexicon

NATIONAL = check_file(resources.resource("catalogues", "000000-national.csv"))["catalogue"].items
MANGSHI = check_file(resources.resource("catalogues", "533103-mangshi.csv"))["catalogue"].items
CERTS = [(n, i.title, i.keywords, i.list_key, i.origin) for n, i in enumerate(NATIONAL + MANGSHI)
         if i.list_key in ("cert_retained", "cert_forbidden")]
TITLE = {n: t for n, t, *_ in CERTS}


def first(text, lexicon=None):
    hits = SentenceIndex(CERTS, lexicon or builtin_lexicon()).match(text)
    return TITLE[hits[0].item_id] if hits else None


def test_both_built_in_files_are_read_by_one_loader_without_warnings():
    lex = builtin_lexicon()
    assert not lex.warnings
    assert "健在证明" in lex.terms and "居（租）住证明" in lex.terms  # must-not part and retained part
    # every retained item of the demo catalogues has words, and every title names a real item
    titles = {i.title for path in resources.resource("catalogues").glob("*.csv")
              for i in check_file(path)["catalogue"].items if i.list_key in ("cert_retained", "cert_forbidden")}
    assert set(lex.terms) <= titles
    assert {i.title for i in MANGSHI if i.list_key == "cert_retained"} <= set(lex.terms)


def test_the_guard_reads_only_the_strong_terms():
    strong = builtin_lexicon().strong()
    assert "银行" not in strong["居民财产证明"] and "上学" not in strong["居（租）住证明"]
    assert "还活着" in strong["健在证明"]


def test_a_whole_sentence_finds_the_item():
    assert first("我妈还活着，社保局要我开个证明") == "健在证明"
    assert first("孩子上学要开居住证明") == "居（租）住证明"
    assert first("银行让我开个房产证明") == "居民财产证明"
    assert first("年收入多少，银行要证明") == "收入证明"  # the county's own item before the national one
    assert first("今天天气不错") is None


def test_bad_entries_are_left_out_with_a_chinese_warning_and_the_rest_works():
    lex = read_lexicon([
        ("坏.json", {"terms": {
            "健在证明": {"terms": ["(还|仍活着", "人还在世", 5, "活"], "weak": "社保"},
            "": {"terms": ["x"]},
            "死亡证明": "去世",
        }}),
        ("空.json", []),
        ("乱.json", {"terms": ["a"]}),
    ])
    assert lex.terms["健在证明"] == (("人还在世", 1.0),)
    text = "\n".join(lex.warnings)
    assert "写法有误" in text and "过短" in text and "应为词语列表" in text and "已跳过整个文件" in text
    assert "没有事项名称" in text and "死亡证明" in text
    assert first("证明我爹人还在世", lex) == "健在证明"


def test_a_pattern_that_would_expand_to_millions_is_refused():
    lex = read_lexicon([("大.json", {"terms": {"健在证明": {"terms": ["(a|b|c|d|e|f|g|h|i|j)" * 8 + "活着", "硬朗"]}}})])
    assert lex.terms["健在证明"] == (("硬朗", 1.0),) and "过多" in lex.warnings[0]


def test_what_reads_as_a_sentence():
    assert is_sentence("我单身，要开未婚证明") and is_sentence("要开证明") and is_sentence("民发〔2020〕")
    assert not is_sentence("居住") and not is_sentence("居住证明") and not is_sentence("") and not is_sentence("，，")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_crashes(text):
    hits = SentenceIndex(CERTS, builtin_lexicon()).match(text)
    assert all(h.score >= 0.6 and h.words for h in hits)


def test_an_empty_lexicon_still_matches_titles_and_keywords():
    assert first("要开个婚姻状况证明", Lexicon()) == "婚姻状况证明"
