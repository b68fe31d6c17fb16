"""The changes from one catalogue version to the next: matched by code and complete (its speed:
tests/bench/run.py, catalogue_diff_10000_ms)."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.core.catalogue import Catalogue, CatalogueItem, CatalogueMeta
from villagedesk.core.catalogue_diff import apply_diff, diff_catalogues, diff_items, value_text

LIST_KEYS = ("autonomy", "assist", "negative", "signboard", "cert_retained", "cert_forbidden")
texts = st.text(alphabet="居住证明调解纠纷ab 1、", max_size=6)
fields = st.dictionaries(st.sampled_from(["department", "materials", "time_limit_days", "commitment", "channel"]),
                         st.one_of(texts, st.lists(texts, max_size=3), st.integers(0, 60), st.booleans()), max_size=3)


CODES = st.sampled_from([f"C-{n}" for n in range(12)])


@st.composite
def items(draw):
    chosen = draw(st.lists(CODES, unique=True, max_size=12))
    return [CatalogueItem(code=c, list_key=draw(st.sampled_from(LIST_KEYS)), title=draw(texts), basis=draw(texts),
                          clause=draw(texts), origin=draw(st.sampled_from(["national", "county", "demo"])),
                          fields=draw(fields), keywords=draw(st.lists(texts, max_size=3)), notes=draw(texts))
            for c in chosen]


def meta(version="2024.1", **kw):
    return CatalogueMeta(jurisdiction_code="533103", jurisdiction_name="芒市", title="芒市目录", version=version, **kw)


@settings(max_examples=200, deadline=None)
@given(items())
def test_a_catalogue_against_itself_changes_nothing(its):
    diff = diff_catalogues(Catalogue(meta(), its), Catalogue(meta(), list(reversed(its))))
    assert diff.is_empty() and diff.unchanged == len(its)
    assert diff.to_dict()["counts"] == {"added": 0, "removed": 0, "reworded": 0, "moved": 0, "unchanged": len(its)}


@settings(max_examples=300, deadline=None)
@given(items(), items())
def test_applying_the_changes_to_old_gives_new(old, new):
    diff = diff_items(old, new)
    assert apply_diff(old, diff) == {i.code: i for i in new}
    counts = diff.counts()
    assert counts["added"] + counts["reworded"] + counts["moved"] + counts["unchanged"] == len(new)
    assert counts["removed"] + counts["reworded"] + counts["moved"] + counts["unchanged"] == len(old)
    for change in diff.reworded:
        assert change.changes and change.old.list_key == change.new.list_key
    for change in diff.moved:
        assert change.changes[0].field == "list"


def test_each_kind_of_change_is_named_old_to_new():
    a = CatalogueItem("A", "cert_retained", "居住证明", "法", "第一条", "county",
                      {"department": "公安局", "time_limit_days": 0, "materials": ["身份证"]}, ["居住"], "")
    b = CatalogueItem("B", "autonomy", "调解纠纷", "法", "", "county")
    c = CatalogueItem("C", "negative", "环境整治", "法", "", "county")
    old = Catalogue(meta(publisher="民政局"), [a, b, c])
    a2 = replace(a, title="居（租）住证明", fields={"department": "公安局", "time_limit_days": 3, "form_id": "residence"},
                 keywords=["居住", "租住"])
    b2 = replace(b, list_key="assist", fields={"department": "司法所"})
    d = CatalogueItem("D", "cert_forbidden", "收入证明", "法", "", "county")
    new = Catalogue(replace(meta("2025.1", publisher="芒市民政局", published="2025-01-15"), title="芒市目录（修订）"),
                    [d, b2, a2])
    out = diff_catalogues(old, new).to_dict()
    assert [x["code"] for x in out["added"]] == ["D"] and out["added"][0]["list_name"] == "不应出具证明事项"
    assert [x["code"] for x in out["removed"]] == ["C"]
    (reworded,) = out["reworded"]
    assert reworded["old_title"] == "居住证明"
    by_field = {c["field"]: c for c in reworded["changes"]}
    assert by_field["title"] == {"field": "title", "field_name": "标题", "old": "居住证明", "new": "居（租）住证明"}
    assert (by_field["time_limit_days"]["old"], by_field["time_limit_days"]["new"]) == ("当场办结", "3个工作日")
    assert (by_field["materials"]["old"], by_field["materials"]["new"]) == ("身份证", "")
    assert (by_field["form_id"]["old"], by_field["form_id"]["new"]) == ("", "residence")
    assert by_field["keywords"]["new"] == "居住、租住"
    (moved,) = out["moved"]
    assert (moved["old_list_name"], moved["list_name"]) == ("依法自治事项", "协助政府工作事项")
    assert [c["field_name"] for c in moved["changes"]] == ["清单", "责任部门"]
    assert {c["field"]: (c["old"], c["new"]) for c in out["meta"]} == {
        "version": ("2024.1", "2025.1"), "published": ("", "2025-01-15"), "publisher": ("民政局", "芒市民政局"),
        "title": ("芒市目录", "芒市目录（修订）")}
    assert next(c for c in out["meta"] if c["field"] == "title")["field_name"] == "目录名称"
    assert out["unchanged"] == 0


def test_first_install_adds_every_item():
    its = [CatalogueItem(f"C{n}", "autonomy", f"事项{n}", "法", "", "county") for n in range(3)]
    diff = diff_catalogues(None, Catalogue(meta(), its))
    assert [i.code for i in diff.added] == ["C0", "C1", "C2"] and diff.meta == ()


def test_values_read_as_a_clerk_reads_them():
    assert value_text("sign_kind", "strip") == "条牌"
    assert value_text("commitment", True) == "是"
    assert value_text("origin", "national") == "国家"
    assert value_text("alternatives", ["告知承诺", "部门核查"]) == "告知承诺、部门核查"
    assert value_text("notes", None) == ""


def ten_thousand_items_and_their_next_version() -> tuple[list[CatalogueItem], list[CatalogueItem]]:
    """A county catalogue of 10,000 items and its next version: 500 removed, 950 reworded, 300 added
    (also timed by tests/bench/run.py)."""
    old = [CatalogueItem(f"C-{n:05d}", "autonomy", f"第{n}项调解纠纷", "组织法", "第二条", "county",
                         {"department": "司法所"}, ["调解"], "") for n in range(10_000)]
    new = [replace(i, title=i.title + "（修订）") if n % 10 == 0 else i for n, i in enumerate(old[500:])]
    new += [replace(old[0], code=f"N-{n}") for n in range(300)]
    return old, new


def test_ten_thousand_items_diff_completely():
    diff = diff_items(*ten_thousand_items_and_their_next_version())
    assert diff.counts() == {"added": 300, "removed": 500, "reworded": 950, "moved": 0, "unchanged": 8550}
    assert len(diff.to_dict()["reworded"]) == 950
