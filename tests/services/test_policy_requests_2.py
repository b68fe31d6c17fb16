"""The second, independent request set (tests/data/policy_requests_2.json, 182 requests written
from the policy texts, not from the first set) run through the 准入 check of the demo desk
(芒市风平村, yunnan-dehong), with an accuracy floor per 处理 class, and exact cases for what
the check learnt from it.

Accuracy when the set was written (before → after the changes of this set's commit series):
  拒绝 refuse   89/111 (0.80) → 111/111 (1.00)
  可以办理 allow 20/26 (0.77) →  23/26  (0.88)
  可以协助 assist 22/30 (0.73) →  29/30  (0.97)
  需县级审核 review 15/15 (1.00) → 15/15 (1.00)
  all 146/182 (0.80) → 178/182 (0.98); before, 8 requests the village may do or assist with
  were refused and 4 that must be refused came out allowed or assisted; after, none either way.
The floors below sit a little under the figures reached, so a county-data edit elsewhere does
not fail the suite for one sentence; the two invariants (nothing refused that the village may
do, nothing to refuse let through) are exact.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import admission
from villagedesk.services.lexicon import OFFICE_LEXICON

DATA = json.loads((Path(__file__).resolve().parents[1] / "data" / "policy_requests_2.json").read_text(encoding="utf-8"))
REQUESTS = DATA["requests"]
FLOORS = {"refuse": 0.98, "allow": 0.85, "assist": 0.93, "review": 0.93}


@pytest.fixture(scope="module")
def desk_session(demo_template, tmp_path_factory):
    from villagedesk.services.session import Session

    target = tmp_path_factory.mktemp("policy2") / "desk"
    shutil.copytree(demo_template, target)
    with Session(target) as session:
        yield session


@pytest.fixture(scope="module")
def answers(desk_session):
    return [admission.check_task(desk_session, r["text"]) for r in REQUESTS]


def _ok(request: dict, got: dict) -> bool:
    return got["decision"] == request["expect"] or got["decision"] in request.get("accept", ())


def test_the_set_is_big_varied_and_documented():
    assert len(REQUESTS) >= 150
    assert {"refuse", "allow", "assist", "review"} == {r["expect"] for r in REQUESTS}
    assert {"公文", "口语", "微信群", "繁体", "长公文"} <= {r["style"] for r in REQUESTS}
    assert all(r["basis"] and r["kind"] for r in REQUESTS)  # every expectation rests on a clause
    assert "公开政策文本" in DATA["_about"] and "许可" in DATA["_about"]
    assert len({r["text"] for r in REQUESTS}) == len(REQUESTS)


def test_accuracy_per_class_reaches_the_floor(answers):
    total, right = Counter(), Counter()
    misses = []
    for request, got in zip(REQUESTS, answers):
        total[request["expect"]] += 1
        if _ok(request, got):
            right[request["expect"]] += 1
        else:
            misses.append(f"{request['expect']} → {got['decision']}: {request['text']}")
    for cls, floor in FLOORS.items():
        assert right[cls] / total[cls] >= floor, (cls, right[cls], total[cls], misses)


def test_nothing_the_village_may_do_is_refused_and_nothing_forbidden_gets_through(answers):
    falsely_refused = [r["text"] for r, got in zip(REQUESTS, answers)
                       if r["expect"] in ("allow", "assist") and got["decision"] == "refuse"]
    let_through = [r["text"] for r, got in zip(REQUESTS, answers)
                   if r["expect"] == "refuse" and got["decision"] in ("allow", "assist")]
    assert not falsely_refused and not let_through


def test_every_refusal_names_its_words_and_a_clause(answers):
    for request, got in zip(REQUESTS, answers):
        if got["decision"] == "refuse":
            assert got["decisive_words"] and got["clauses"] and got["reason"], request["text"]


# ── certificates in a villager's words ─────────────────────────────────────────────────


@pytest.mark.parametrize("text, title, word", [
    ("开个他没结过婚的证明，女方家里要看", "婚姻状况证明", "没结过婚"),
    ("银行说要村里证明他俩是母子", "亲属关系证明", "是母子"),
    ("我妈九十多了还活得好好的，保险公司要我回来开个证明", "健在证明", "还活得好好的"),
    ("保险公司理赔，要村里证明他是哪天死的", "死亡证明", "哪天死的"),
    ("女儿入学要村里证明我家只生了一个孩子", "婚育状况证明", "只生了一个孩子"),
])
def test_a_certificate_named_indirectly_is_refused_with_the_list_clause(desk_session, text, title, word):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "refuse" and got["verdict"] == "cert_forbidden", got["reason"]
    assert got["matches"][0]["title"] == title and word in got["decisive_words"]
    assert "二(三)8" in [c["clause"] for c in got["clauses"]]
    assert "不出具" in got["reason"] and "解释说明" in got["reason"]  # the next step is said


@pytest.mark.parametrize("text, title", [
    ("民政局办收养登记，要村里出收养人婚姻状况和抚养教育能力证明", "收养人婚姻状况和抚养教育能力证明"),
    ("学校让村里给学生写个暑假参加志愿服务的情况反馈", "学生参加活动情况反馈证明"),
    ("我一直住在村里，孩子转学要村委会证明我家常住本村", "居（租）住证明"),
])
def test_a_retained_certificate_in_everyday_words_is_allowed(desk_session, text, title):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "allow" and got["matches"][0]["title"] == title, got["reason"]


def test_the_villagers_words_are_read_only_for_a_certificate_request(desk_session):
    # 生存认证 is a word of 健在证明, but asking the village to publicise the pension check is assistance
    got = admission.check_task(desk_session, "请协助向村民宣传养老保险待遇领取资格认证，提醒按时做生存认证")
    assert got["decision"] != "refuse", got["reason"]


def test_a_certificate_matched_on_a_few_characters_asks_instead_of_refusing(desk_session):
    got = admission.check_task(desk_session, "办宅基地确权，需要村里说明这块地是祖上传下来的")
    assert got["decision"] == "review" and got["list_verdict"] == "cert_forbidden"
    assert "无宅基地证明" in got["reason"] and "问清" in got["reason"]
    quotes = " ".join(c["text"] for c in got["clauses"])
    assert "对能够核实的事项据实出具" in quotes and "不应出具证明事项清单" in quotes


def test_a_county_word_reaches_the_task_check(demo_session):
    text = "阿妈身子骨还硬朗得很，社保所要村里开个证明"
    assert admission.check_task(demo_session, text)["decision"] != "refuse"
    folder = demo_session.data_dir / OFFICE_LEXICON
    folder.mkdir(exist_ok=True)
    (folder / "芒市.json").write_text(json.dumps({"terms": {"健在证明": {"terms": ["硬朗"]}}}, ensure_ascii=False),
                                     encoding="utf-8")
    got = admission.check_task(demo_session, text)
    assert got["decision"] == "refuse" and got["matches"][0]["title"] == "健在证明"


# ── what a notice takes back, and who is made responsible ──────────────────────────────


def test_a_demand_the_notice_takes_back_is_not_read(desk_session):
    got = admission.check_task(desk_session, "本次森林防火宣传不要求各村上报照片和台账，请协助做好宣传即可")
    assert got["decision"] == "assist" and not got["rule_ids"], got["reason"]
    got = admission.check_task(desk_session, "禁毒宣传月活动请各村协助开展，不要求挂牌，不要求专人负责")
    assert got["decision"] == "assist" and not got["rule_ids"], got["reason"]


@pytest.mark.parametrize("text, rule", [
    ("不要求村里参加但要每天拍照上传到群里", "trace-screenshots"),  # the taking back ends at 但
    ("不再另行通知，请各村于周五前上报外出人员花名册", "forms-without-deployment"),  # … and at the comma
])
def test_a_negation_does_not_hide_the_demand_after_it(desk_session, text, rule):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "refuse" and rule in got["rule_ids"], got["reason"]


def test_responsible_for_assisting_is_assistance_and_the_village_named_by_you_is_the_village(desk_session):
    got = admission.check_task(desk_session, "县自然资源局：违法建筑由镇综合执法队依法拆除，村委会负责配合做好入户告知和群众思想工作")
    assert got["decision"] == "assist", got["reason"]
    got = admission.check_task(desk_session, "请各村宣传耕地保护政策；对辖区内违法占用耕地的，由村委会负责拆除复耕")
    assert got["decision"] == "refuse" and got["verdict"] == "negative", got["reason"]


# ── burdens in new wordings ───────────────────────────────────────────────────────────


@pytest.mark.parametrize("text, rule", [
    ("司法所明天把“法治宣传教育基地”的牌子送过来，你们挂在村部门口", "paired-sign"),
    ("书记，镇上说这两天要各村报个表，把种玉米的户统计一下", "forms-without-deployment"),
    ("各村把本村人口数、户数再报一遍，镇里要用", "duplicate-filing"),
    ("派人参加县招商推介会，每村至少5人，凑个人数", "filler-meeting"),
])
def test_new_wordings_of_a_burden_are_refused(desk_session, text, rule):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "refuse" and rule in got["rule_ids"], (got["reason"], got["rule_ids"])


@pytest.mark.parametrize("text", ["县城管局委托村里对占道经营的摊贩进行执法", "镇里说今年的招商指标分到村，每个村要引进一个项目"])
def test_new_wordings_of_being_made_responsible_are_refused(desk_session, text):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "refuse" and got["verdict"] == "negative", got["reason"]


@pytest.mark.parametrize("text, rule", [
    ("镇里要抽调你们村会计到镇财政所帮忙半年", "borrowed-staff"),
    ("县红十字会给每个村分了500元的募捐任务", "apportioned-quota"),
])
def test_borrowed_cadres_and_apportioned_quotas_go_to_the_county(desk_session, text, rule):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "review" and rule in got["rule_ids"], got["reason"]
    if rule == "apportioned-quota":  # the desk is in 德宏: its own plan's clause on 摊派
        assert "五(二)" in [c["clause"] for c in got["clauses"]]


# ── the explanation a clerk reads ─────────────────────────────────────────────────────


def test_a_mixed_notice_says_the_routine_part_is_still_done(desk_session):
    got = admission.check_task(desk_session, "县民政局关于开展低保年度复核的通知：请各村协助做好入户核查，"
                                             "并于每月10日前报送低保对象变动情况统计表")
    assert got["decision"] == "refuse" and "可以协助" in got["reason"] and "只拒绝" in got["reason"]
    # but not when the routine-looking words are the forbidden sign's own name
    got = admission.check_task(desk_session, "司法所明天把“法治宣传教育基地”的牌子送过来，你们挂在村部门口")
    assert "只拒绝" not in got["reason"]
    assert any(line.startswith("决定性词语：「") for line in got["summary"])


def test_a_claimed_deployment_on_a_topic_names_both(desk_session):
    got = admission.check_task(desk_session, "经县委县政府统一部署，请各村每季度末填报农村人居环境整治进度表")
    assert got["decision"] == "review"
    assert "环境整治" in got["reason"] and "县委县政府统一部署" in got["reason"]


@pytest.mark.parametrize("text", ["", "   ", "不要求", "“”", "证明"])
def test_bare_or_empty_input(desk_session, text):
    if not text.strip():
        with pytest.raises(UserError):
            admission.check_task(desk_session, text)
    else:
        got = admission.check_task(desk_session, text)
        assert got["decision"] in ("review", "allow", "assist", "refuse") and got["summary"]


@pytest.mark.parametrize("text", [
    "请协助做好残疾人两项补贴申请，村委会出具初审意见",  # 出具 an opinion is no certificate
    "协助开展低保申请受理，村委会对申请人家庭收入和财产情况进行入户调查并出具调查意见",
    "协助开展养老保险待遇领取资格认证，村里不需要出具健在证明",  # the certificate is taken back
    "请协助做好残疾人两项补贴申请。另外县里请各村召开村民代表会议，会议记录不用另外报送，证明材料由申请人自备",
])
def test_assistance_that_mentions_certificate_words_is_not_refused(desk_session, text):
    got = admission.check_task(desk_session, text)
    assert got["decision"] != "refuse", (got["reason"], got["rule_ids"])


def test_a_certificate_demanded_inside_an_assistance_notice_is_refused(desk_session):
    got = admission.check_task(desk_session, "协助开展养老保险待遇领取资格认证，由村委会为老人出具健在证明")
    assert got["decision"] == "refuse" and got["verdict"] == "cert_forbidden", got["reason"]


@pytest.mark.parametrize("text, title", [
    ("他爷爷去年没了，要村里开证明说老人已经不在了", "死亡证明"),
    ("开个证明，证明我们是一家人", "亲属关系证明"),
    ("银行要我证明我在哪里上班", "居民就业状况证明"),
    ("我户口本上的名字写错了，派出所让村里开证明", "户口登记项目内容变更申请证明"),
    ("老伴脑梗瘫在床上，保险要村里证明一下她的病", "疾病状况证明"),
    ("要村里出个证明说他没吸过毒", "社区戒毒社区康复人员情况证明（表现证明）"),
    ("他出去十几年没消息了，法院要村里出证明", "人员失踪证明"),
    ("小王要出国劳务，需要村里出具无不良记录证明", "无犯罪记录证明"),
])
def test_more_everyday_wordings_of_must_not_certificates(desk_session, text, title):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "refuse", got["reason"]
    assert title in [m["title"] for m in got["matches"]], got["matches"]


def test_a_pension_is_not_an_adoption(desk_session):
    # 领养老金 holds 领养: the adoption words need a child after them
    got = admission.check_task(desk_session, "要证明我这个人还在，领养老金用")
    assert got["decision"] != "allow", got["reason"]
    assert "收养人婚姻状况和抚养教育能力证明" not in [m["title"] for m in got["matches"][:1]]


@pytest.mark.parametrize("text, rule", [
    ("各村把本村60岁以上老人的名单整理好，明天交到镇民政办", "forms-without-deployment"),
    ("县妇联要求各村成立妇女议事会", "new-mechanism"),
    ("镇综治办要求每天晚上派人到镇里值班", "dedicated-post"),
])
def test_more_wordings_of_burdens(desk_session, text, rule):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "refuse" and rule in got["rule_ids"], (got["reason"], got["rule_ids"])


def test_the_villages_own_council_is_not_a_new_mechanism(desk_session):
    got = admission.check_task(desk_session, "村里成立村民议事会，协商修路的事")
    assert "new-mechanism" not in got["rule_ids"]


@pytest.mark.parametrize("text", ["请村委会出具居（租）住证明", "请村委会出具居(租)住证明"])
def test_a_certificate_title_with_brackets_is_still_found_whole(desk_session, text):
    got = admission.check_task(desk_session, text)
    assert got["decision"] == "allow" and got["matches"][0]["matched"] == "居（租）住证明" and not got["needs_review"]
