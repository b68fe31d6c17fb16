"""A villager's whole sentence in the 出具证明 search box and `catalogue search` puts the item
he needs first (retained ones to issue, must-not ones to refuse and send elsewhere), on the
real demo desk; a county's own words in <data folder>/词表/ reach the search and the 据实出具
guard alike; bad input is a Chinese message or no result, never a crash."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.services import catalogue, cert_requests, certificates
from villagedesk.services.lexicon import OFFICE_LEXICON, lexicon_warnings

SENTENCES = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "villager_sentences.json")
                       .read_text(encoding="utf-8"))["sentences"]


def first_title(session, text):
    found = catalogue.search(session, text, limit=10)
    return found[0]["title"] if found else None


def test_at_least_nine_in_ten_sentences_put_the_right_item_first(demo_session):
    assert len(SENTENCES) >= 30
    misses = [(text, want, first_title(demo_session, text)) for text, want in SENTENCES
              if first_title(demo_session, text) != want]
    assert len(misses) <= len(SENTENCES) // 10, "\n".join(f"{t} → {got}（应为 {w}）" for t, w, got in misses)


def test_the_data_covers_retained_and_must_not_items(demo_session):
    wanted = {want for _, want in SENTENCES}
    retained = {r["title"] for r in catalogue.list_items(demo_session, "cert_retained")}
    assert retained <= wanted  # every retained item of the demo desk is asked for in some sentence
    assert {"健在证明", "居民财产证明", "婚姻状况证明"} <= wanted


def test_a_sentence_result_says_which_words_decided_it(demo_session):
    top = catalogue.search(demo_session, "我妈还活着，社保局要我开个证明")[0]
    assert top["title"] == "健在证明" and top["rank"] == 4 and "还活着" in top["matched"]
    assert top["list_key"] == "cert_forbidden" and top["code"]  # the window shows the refusal for it


def test_ordinary_queries_keep_their_answers(demo_session):
    assert catalogue.search(demo_session, "居住")[0]["title"] == "居（租）住证明"
    exact = catalogue.search(demo_session, "婚姻状况证明")
    assert exact[0]["rank"] == 0 and all("matched" not in r for r in exact)
    # a title typed in full still comes before what the words suggest
    found = catalogue.search(demo_session, "收养人婚姻状况和抚养教育能力证明")
    assert found[0]["rank"] == 0
    assert [r["rank"] for r in found] == sorted(r["rank"] for r in found)


def test_the_list_filter_applies_to_sentence_results(demo_session):
    text = "我妈还活着，社保局要我开个证明"
    assert all(r["list_key"] == "cert_retained" for r in catalogue.search(demo_session, text, list_name="cert_retained"))
    assert catalogue.search(demo_session, text, list_name="cert_forbidden")[0]["title"] == "健在证明"
    assert catalogue.search(demo_session, text, list_name="negative") == []


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "ABC证明abc证明", "我要开个🏠证明！！！", "証明 ＡＢＣ １２３", "，。、；",
                                  "\u200b\u200b居住\u200b", "a" * 200, "00\x00", "居住\x00证明"])
def test_odd_text_gives_results_or_none_never_an_error(demo_session, text):
    assert isinstance(catalogue.search(demo_session, text), list)


def test_a_very_long_text_is_a_chinese_message(demo_session):
    with pytest.raises(UserError, match="过长"):
        catalogue.search(demo_session, "我妈还活着" * 2000)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_any_text_never_crashes(demo_session, text):
    for r in catalogue.search(demo_session, text):
        assert r["title"] and r["rank"] in (0, 1, 2, 3, 4)


# ── a county's own words ──────────────────────────────────────────────────────────────


def write_office(session, name, content):
    folder = session.data_dir / OFFICE_LEXICON
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                               encoding="utf-8")


def test_a_county_word_reaches_the_search_and_the_guard(demo_session, tmp_path):
    text = "阿妈还硬朗得很，要开个证明"  # a local wording the built-in lexicon does not know
    assert first_title(demo_session, text) != "健在证明"
    write_office(demo_session, "芒市.json", {"terms": {"健在证明": {"terms": ["硬朗"]},
                                                       "居（租）住证明": {"weak": ["寨子里"]}}})
    assert first_title(demo_session, text) == "健在证明"
    assert cert_requests.forbidden_hint(demo_session, "老人还硬朗")["item"]["title"] == "健在证明"
    values = {"subject_name": "钱七", "subject_id": "11010519491231002X", "purpose": "领取养老金",
              "matter": "老人身体硬朗", "facts": "经核实属实。", "verification_method": "入户查看",
              "reason": "养老金认证", "basis": "社保局通知"}
    from datetime import date

    with pytest.raises(certificates.NotToBeIssued):
        certificates.issue(demo_session, item_code="generic", values=values, materials=["申请人身份证明材料"],
                           handler="张丽", today=date(2026, 11, 23), out=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    # a context word is for the search only: it never refuses a certificate
    assert cert_requests.forbidden_hint(demo_session, "住在寨子里") is None
    assert lexicon_warnings(demo_session) == []


def test_a_bad_county_file_is_skipped_with_a_chinese_warning(demo_session):
    write_office(demo_session, "坏.json", "{ 这不是 JSON")
    write_office(demo_session, "半对.json", {"terms": {"健在证明": {"terms": ["(硬朗", "身子骨还硬"]}}})
    warnings = "\n".join(lexicon_warnings(demo_session))
    assert "坏.json" in warnings and "写法有误" in warnings
    assert first_title(demo_session, "俺娘身子骨还硬，社保要证明") == "健在证明"  # the good entry works
    assert first_title(demo_session, "我妈还活着，社保局要我开个证明") == "健在证明"  # built-in words too
