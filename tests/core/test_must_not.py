"""The must-not-issue list read against what a 据实出具 certificate would say: every wording meant
to slip past (synonyms, traditional characters, spaces, full-width, other word order) is caught,
and ordinary matters on no list are not (core/admission.match_must_not + the synonym lexicon)."""

import json

import pytest

from villagedesk import resources
from villagedesk.core.admission import check_task, compact, expand_terms, match_must_not
from villagedesk.services.catalogue import check_file
from villagedesk.services.cert_requests import MUST_NOT_TERMS, _must_not_terms

NATIONAL = check_file(resources.resource("catalogues", "000000-national.csv"))["catalogue"].items
MANGSHI = check_file(resources.resource("catalogues", "533103-mangshi.csv"))["catalogue"].items
ITEMS = NATIONAL + MANGSHI
LEXICON = _must_not_terms()
SYNONYMS = {item.code: LEXICON.get(item.title, ()) for item in ITEMS}


def first_match(text: str, items=ITEMS):
    found = match_must_not(resources.char_tables().simplify(text), items, SYNONYMS)
    return found[0].item.title if found else None


# (what the clerk types, the item it must be refused as)
FORBIDDEN = [
    ("无犯罪记录", "无犯罪记录证明"),
    ("没有犯罪记录", "无犯罪记录证明"),
    ("没 有 犯 罪", "无犯罪记录证明"),
    ("本人无违法犯罪行为", "无犯罪记录证明"),
    ("無犯罪記錄", "无犯罪记录证明"),  # traditional
    ("无　犯罪记录", "无犯罪记录证明"),  # ideographic space
    ("无-犯-罪-记-录", "无犯罪记录证明"),
    ("记录：无犯罪", "无犯罪记录证明"),  # other word order
    ("ＮＯ犯罪记录", "无犯罪记录证明"),  # full-width letters
    ("该村民一贯遵纪守法", "无犯罪记录证明"),
    ("从未受过刑事处罚", "无犯罪记录证明"),
    ("本人还活着", "健在证明"),
    ("老人目前仍健在", "健在证明"),
    ("至今在世", "健在证明"),
    ("其母亲还在世", "健在证明"),
    ("领取养老金生存认证", "健在证明"),
    ("張三還活著", "健在证明"),  # traditional
    ("本人至今没有去世", "健在证明"),
    ("张三与张四系父子关系", "亲属关系证明"),
    ("二人为母女", "亲属关系证明"),
    ("母子关系", "亲属关系证明"),
    ("父女關係", "亲属关系证明"),  # traditional
    ("兄弟关系", "亲属关系证明"),
    ("二人是夫妻", "亲属关系证明"),
    ("亲 属 关 系", "亲属关系证明"),
    ("王某的父亲是王五", "亲属关系证明"),
    ("关系：父子", "亲属关系证明"),
    ("本人未婚", "婚姻状况证明"),
    ("单身", "婚姻状况证明"),
    ("一直没结婚", "婚姻状况证明"),
    ("婚姻状况", "婚姻状况证明"),
    ("婚姻的状况", "婚姻状况证明"),
    ("目前离异", "婚姻状况证明"),
    ("年收入约3万元", "收入证明"),  # the county's own item comes first
    ("每月工资4000元", "收入证明"),
    ("家庭经济收入", "收入证明"),
    ("户籍在本村", "居民身份信息证明"),
    ("户口所在地为本村", "居民身份信息证明"),
    ("戶口所在地為本村", "居民身份信息证明"),  # traditional
    ("房屋产权归本人所有", "居民财产证明"),
    ("名下房产", "居民财产证明"),
    ("有存款10万元", "居民财产证明"),
    ("个人财产", "居民财产证明"),
    ("目前无业", "居民就业状况证明"),
    ("失业在家", "居民就业状况证明"),
    ("就业情况", "居民就业状况证明"),
    ("1980年出生于本村", "出生证明"),
    ("其父已于2020年去世", "死亡证明"),
    ("死亡原因", "死亡证明"),
    ("患有高血压等疾病", "疾病状况证明"),
    ("病情严重", "疾病状况证明"),
    ("肢体残疾", "残疾状况证明"),
    ("已下落不明三年", "人员失踪证明"),
    ("失 踪", "人员失踪证明"),
    ("身份证遗失", "证件遗失证明"),
    ("户口本丢了", "证件遗失证明"),
    ("家里养狗一条", "居民养犬证明"),
    ("个人档案存放情况", "居民个人档案证明"),
    ("继承其父遗产", "遗产继承权证明"),
    ("公司住所设在本村", "市场主体住所证明"),
    ("社区戒毒期间表现良好", "社区戒毒社区康复人员情况证明（表现证明）"),
    ("独生子女", "婚育状况证明"),
    ("民族成分变更", "户口登记项目内容变更申请证明"),
    ("张三和张三丰是同一人", "居民身份信息证明"),
    ("没有宅基地", "无宅基地证明"),  # a county item by its keyword
    ("外出打工", "外出务工证明"),
]

LEGITIMATE = [
    "在本村从事蔬菜种植",
    "参加村里义务劳动",
    "土地承包经营情况",
    "养殖情况证明",
    "该户2025年在本村养殖生猪20头。",
    "在本村小学担任代课教师",
    "担任村民小组长",
    "参与修建村道",
    "家中房屋受灾倒塌",
    "果园遭受冰雹灾害",
    "在村里开办农家乐",
    "饲养耕牛三头",
    "积极参加村里的志愿服务活动",
    "在本村租用土地建设大棚",
    "是本村种粮大户",
    "本村红白理事会成员",
    "参加村民代表会议",
    "在本村放养蜜蜂",
    "其子在外地上大学",
    "协助村里调解邻里纠纷",
    "参加村里组织的防汛抢险",
    "该户已缴纳新型农村合作医疗费用",
    "村集体经济分红已领取",
    "自2021年起在本村三组承包土地5亩种植蔬菜，现仍在经营。",
    "申请产业扶持资金",
    "办理养殖补贴",
    "2025年度参加护林防火巡逻",
    "在本村经营小卖部",
    "种植核桃树200棵，存活率90%",
    "火灾发生于2025年3月",
    "办理生猪保险理赔",
    "在村卫生室协助开展疫苗接种宣传",
    "荣获村级“美丽庭院”称号",
    "子女入学",
    "办理居住证",
]


def test_the_tables_are_wide():
    assert len(FORBIDDEN) >= 40 and len(LEGITIMATE) >= 20
    national = {i.title for i in NATIONAL if i.list_key == "cert_forbidden"}
    assert len(national) == 20 and national <= {title for _, title in FORBIDDEN}  # every national item


@pytest.mark.parametrize("text,title", FORBIDDEN)
def test_a_forbidden_wording_is_caught(text, title):
    assert first_match(text) == title


@pytest.mark.parametrize("text", LEGITIMATE)
def test_an_ordinary_matter_is_not_refused(text):
    assert first_match(text) is None


def test_only_must_not_items_answer_and_the_national_list_alone_catches_income():
    assert all(m.item.list_key == "cert_forbidden" for m in match_must_not("拆除违章建筑 无犯罪记录", ITEMS, SYNONYMS))
    # a desk with only the national baseline: income is read as 居民财产证明 (lexicon note)
    assert first_match("年收入约3万元", NATIONAL) == "居民财产证明"
    assert first_match("", ITEMS) is None and first_match("　 、。", ITEMS) is None


def test_compact_and_expand():
    assert compact("无 犯·罪\u3000记－录") == "无犯罪记录"
    assert compact("ＡＢ１２") == "ab12"
    assert expand_terms("(系|是)父子") == ["系父子", "是父子"]
    assert expand_terms("(|还)活着") == ["活着", "还活着"]
    assert expand_terms("户口(在|所在)地") == ["户口在地", "户口所在地"]


def test_the_lexicon_is_well_formed_and_names_real_items():
    data = json.loads(resources.resource(*MUST_NOT_TERMS).read_text(encoding="utf-8"))
    assert data["_about"] and data["terms"]
    titles = {i.title for path in resources.resource("catalogues").glob("*.csv")
              for i in check_file(path)["catalogue"].items if i.list_key == "cert_forbidden"}
    assert set(data["terms"]) <= titles
    for title, terms in LEXICON.items():
        for term in terms:
            # no stray pattern syntax, and short terms are whole words of two characters at least
            assert not set(term) & set("()|?*[]") and len(compact(term)) >= 2, (title, term)


def test_the_admission_check_is_unchanged_by_the_lexicon():
    # the 准入 check scores title and 关键词 only; the synonyms serve the certificate path
    assert check_task("村里要开收入证明", ITEMS).verdict == "cert_forbidden"
    assert check_task("请村委会负责拆除违章建筑", ITEMS).verdict == "negative"
    assert check_task("组织村民观看露天电影", ITEMS).verdict == "unlisted"
