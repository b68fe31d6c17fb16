"""Catalogue updates as the sync import brings them: previewed, applied inside its transaction,
kept in the history with content and changes; every bad document refused with nothing changed."""

import copy
import json

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import catalogue
from villagedesk.store import catalogue_store
from villagedesk.store.transaction import write

COUNTY = "533103"


def newer(data, version="2099.1"):
    d = copy.deepcopy(data)
    d["meta"]["version"] = version
    return d


def edited(data):
    """A new version: item 0 reworded, item 1 moved to the negative list, item 2 gone, one added."""
    d = newer(data)
    items = d["items"]
    items[0]["title"] += "（修订）"
    items[0]["keywords"] = items[0]["keywords"] + ["新词"]
    moved, gone = items[1], items.pop(2)
    moved["list_key"], moved["fields"] = "negative", {}
    items.append({"code": "533103-NEW-01", "list_key": "autonomy", "title": "组织开展移风易俗", "basis": "村民委员会组织法",
                  "clause": "第八条", "origin": "county", "fields": {}, "keywords": [], "notes": ""})
    return d, items[0], moved, gone


def test_catalogue_data_is_the_installed_catalogue(demo_session):
    data = catalogue.catalogue_data(demo_session, COUNTY)
    assert data["format"] == "villagedesk-catalogue" and data["meta"]["jurisdiction_code"] == COUNTY
    json.dumps(data)  # plain JSON
    installed = catalogue_store.find_installed(demo_session.db, COUNTY)
    assert catalogue_store.catalogue_content(demo_session.db, COUNTY).digest() == installed.digest
    preview = catalogue.preview_update(demo_session, data)
    assert preview["outcome"] == "unchanged" and preview["old_version"] == preview["new_version"]
    assert (preview["added"], preview["removed"], preview["reworded"], preview["moved"]) == ([], [], [], [])
    assert preview["unchanged"] == len(data["items"])
    with pytest.raises(UserError, match="没有安装"):
        catalogue.catalogue_data(demo_session, "110101")


def test_preview_then_apply_inside_the_sync_transaction(demo_session, snapshot):
    data = catalogue.catalogue_data(demo_session, COUNTY)
    update, reworded, moved, gone = edited(data)
    before = snapshot(demo_session.db_path)
    preview = catalogue.preview_update(demo_session, update)
    assert snapshot(demo_session.db_path) == before
    assert (preview["old_version"], preview["new_version"], preview["outcome"]) == ("2024.2", "2099.1", "install")
    assert preview["added"] == [{"code": "533103-NEW-01", "title": "组织开展移风易俗", "list": "autonomy",
                                 "list_name": "依法自治事项"}]
    assert [r["code"] for r in preview["removed"]] == [gone["code"]]
    (r,) = preview["reworded"]
    assert r["code"] == reworded["code"]
    assert {c["field"] for c in r["changes"]} == {"title", "keywords"}
    title = next(c for c in r["changes"] if c["field"] == "title")
    assert title["field_name"] == "标题" and title["new"] == title["old"] + "（修订）"
    assert [m["code"] for m in preview["moved"]] == [moved["code"]]
    assert preview["unchanged"] == len(data["items"]) - 3

    with write(demo_session.db):  # as services/sync.py does: one transaction for the bundle
        result = catalogue.apply_update(demo_session, update, source="同步:县级")
        assert demo_session.db.conn.in_transaction
    assert result["outcome"] == "install" and result["history_id"]
    assert result["added"] == preview["added"] and result["reworded"] == preview["reworded"]
    assert catalogue.catalogue_data(demo_session, COUNTY)["meta"]["version"] == "2099.1"
    assert catalogue.show(demo_session, "533103-NEW-01")["title"] == "组织开展移风易俗"

    rows = catalogue.history(demo_session, COUNTY)
    assert rows[0]["version"] == "2099.1" and rows[0]["previous_version"] == "2024.2"
    assert rows[0]["counts"] == {"added": 1, "removed": 1, "reworded": 1, "moved": 1, "unchanged": preview["unchanged"]}
    assert rows[0]["source"] == "同步:县级" and rows[0]["has_content"]
    changes = catalogue.history_changes(demo_session, rows[0]["id"])
    assert changes["recorded"] and changes["reworded"] == preview["reworded"]
    assert changes["meta_changes"] == [{"field": "version", "field_name": "目录版本", "old": "2024.2", "new": "2099.1"}]
    # a past version's content, whole: the one before is the demo file as installed
    assert catalogue.history_data(demo_session, rows[1]["id"]) == data
    assert catalogue.history_data(demo_session, rows[0]["id"])["items"] == catalogue.catalogue_data(demo_session, COUNTY)["items"]
    # the same document again: unchanged, no new history row
    again = catalogue.apply_update(demo_session, update, source="同步:县级")
    assert again["outcome"] == "unchanged" and again["history_id"] is None
    assert len(catalogue.history(demo_session, COUNTY)) == len(rows)


def test_a_rolled_back_sync_import_leaves_no_catalogue_and_no_history(demo_session, snapshot):
    update, *_ = edited(catalogue.catalogue_data(demo_session, COUNTY))
    before = snapshot(demo_session.db_path)
    with pytest.raises(RuntimeError), write(demo_session.db):
        catalogue.apply_update(demo_session, update, source="同步")
        raise RuntimeError("a later part of the bundle failed")
    assert snapshot(demo_session.db_path) == before


def test_the_stored_content_is_compact(demo_session):
    catalogue.apply_update(demo_session, newer(catalogue.catalogue_data(demo_session, COUNTY)), source="t")
    size, raw = demo_session.db.execute(
        "SELECT length(content), item_count FROM catalogue_history ORDER BY id DESC LIMIT 1").fetchone()
    document = json.dumps(catalogue.catalogue_data(demo_session, COUNTY), ensure_ascii=False).encode()
    assert size < len(document) / 3


def refused(session, snapshot, data, match):
    before = snapshot(session.db_path)
    with pytest.raises(UserError) as info:
        catalogue.apply_update(session, data, source="同步")
    assert match in info.value.text(), info.value.text()
    with pytest.raises(UserError):
        catalogue.preview_update(session, data)
    assert snapshot(session.db_path) == before
    return info.value


def test_an_older_version_is_refused_and_previewed_as_older(demo_session, snapshot):
    data = newer(catalogue.catalogue_data(demo_session, COUNTY), "2020.1")
    assert catalogue.preview_update(demo_session, data)["outcome"] == "older"
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match="不能用旧版本 2020.1"):
        catalogue.apply_update(demo_session, data, source="同步")
    assert snapshot(demo_session.db_path) == before


def test_the_same_version_with_other_content_is_refused(demo_session, snapshot):
    data = catalogue.catalogue_data(demo_session, COUNTY)
    data["items"][0]["title"] = "改了标题"
    refused(demo_session, snapshot, data, "内容不同")


def test_a_catalogue_for_another_jurisdiction_is_refused(demo_session, snapshot):
    data = newer(catalogue.catalogue_data(demo_session, COUNTY))
    data["meta"].update(jurisdiction_code="500112", jurisdiction_name="重庆市渝北区")
    refused(demo_session, snapshot, data, "不适用于本单位")


@pytest.mark.parametrize("breaks, match", [
    (lambda d: [], "JSON 对象"),
    (lambda d: d.update(format="zip") or d, "不是村务桌面的目录文档"),
    (lambda d: d.update(format_version=2) or d, "不受支持"),
    (lambda d: d.pop("items") and d, "缺少"),
    (lambda d: d["items"].__setitem__(0, "居住证明") or d, "事项应为 JSON 对象"),
    (lambda d: d["items"][0].update(extra=1) or d, "未知的事项字段"),
    (lambda d: d["items"][0].update(title=["a"]) or d, "应为文字"),
    (lambda d: d["items"][0].update(keywords="居住") or d, "关键词"),
    (lambda d: d["items"][0].update(fields={"sign_kind": "strip"}) or d, "不适用于这一清单"),
    (lambda d: d["items"][0].update(title="") or d, "不能为空"),
    (lambda d: d["items"][1].update(code=d["items"][0]["code"]) or d, "重复"),
    (lambda d: d["items"][0].update(code="居住 证明") or d, "不合规"),
    (lambda d: d["items"][0].update(list_key="nonsense") or d, "未知的清单"),
    (lambda d: d["meta"].update(version="新版") or d, "目录版本"),
    (lambda d: d["meta"].update(jurisdiction_code="5331") or d, "辖区代码"),
    (lambda d: d["meta"].update(secret="x") or d, "未知的目录信息项"),
    (lambda d: d["meta"].update(title=None) or d, "缺少「目录名称」"),
    (lambda d: d["items"][0].update(title="a\x00b") or d, "控制字符"),
])
def test_malformed_documents_are_refused_in_chinese(demo_session, snapshot, breaks, match):
    data = breaks(newer(catalogue.catalogue_data(demo_session, COUNTY)))
    refused(demo_session, snapshot, data, match)


def test_typed_fields_are_checked_by_type(demo_session, snapshot):
    data = newer(catalogue.catalogue_data(demo_session, COUNTY))
    retained = next(i for i in data["items"] if i["list_key"] == "cert_retained")
    retained["fields"]["time_limit_days"] = "三天"
    refused(demo_session, snapshot, data, "办理时限")
    retained["fields"]["time_limit_days"] = 99
    refused(demo_session, snapshot, data, "办理时限")


def test_file_import_dry_run_shows_the_changes_and_reads_the_json_document(demo_session, tmp_path, snapshot):
    update, reworded, moved, gone = edited(catalogue.catalogue_data(demo_session, COUNTY))
    path = tmp_path / "芒市目录.json"
    path.write_text(json.dumps(update, ensure_ascii=False), encoding="utf-8")
    before = snapshot(demo_session.db_path)
    report = catalogue.import_catalogue(demo_session, path, dry_run=True)
    assert snapshot(demo_session.db_path) == before
    assert report["outcome"] == "would_install" and report["old_version"] == "2024.2"
    assert report["items"] == len(update["items"]) and report["version"] == "2099.1"  # the keys it always had
    assert [a["code"] for a in report["added"]] == ["533103-NEW-01"]
    assert [r["code"] for r in report["removed"]] == [gone["code"]]
    assert [r["code"] for r in report["reworded"]] == [reworded["code"]]
    assert [m["code"] for m in report["moved"]] == [moved["code"]]
    done = catalogue.import_catalogue(demo_session, path)
    assert done["outcome"] == "install" and done["reworded"] == report["reworded"] and done["history_id"]
    again = catalogue.import_catalogue(demo_session, path, dry_run=True)
    assert again["outcome"] == "would_unchanged" and again["reworded"] == [] and again["unchanged"] == done["items"]
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="JSON"):
        catalogue.import_catalogue(demo_session, path)


def test_history_shows_rows_from_before_contents_were_kept(demo_session):
    demo_session.db.conn.execute(
        "INSERT INTO catalogue_history (jurisdiction_code, version, digest, item_count, source, imported_at) "
        "VALUES ('533103', '2023.1', 'old', 12, 'old.xlsx', '2023-01-01T00:00:00+08:00')")
    rows = catalogue.history(demo_session)
    old = next(r for r in rows if r["version"] == "2023.1")
    assert old["has_content"] is False and old["counts"] is None and old["previous_version"] is None
    changes = catalogue.history_changes(demo_session, old["id"])
    assert changes["recorded"] is False and changes["added"] == []
    with pytest.raises(UserError, match="没有保存当时的内容"):
        catalogue.history_data(demo_session, old["id"])
    with pytest.raises(UserError, match="找不到编号"):
        catalogue.history_changes(demo_session, 99999)
    with pytest.raises(UserError, match="应为数字"):
        catalogue.history_changes(demo_session, "abc")
    assert {r["jurisdiction_code"] for r in catalogue.history(demo_session, "000000")} == {"000000"}


def test_every_embedded_catalogue_survives_the_document_unchanged():
    from villagedesk import resources
    from villagedesk.core.catalogue import canonical_json, catalogue_document, check_document

    for path in resources.embedded_catalogues(demo=True):
        original = catalogue.check_file(path)["catalogue"]
        document = json.loads(canonical_json(catalogue_document(original)))
        checked = check_document(document, resources.char_tables(), path.name)
        assert not checked.findings.errors and not checked.findings.warnings, path
        assert checked.catalogue.digest() == original.digest(), path
