"""Signboard services on a real demo desk: the desk's jurisdiction picks the rules, audits
are stored, standard specs pass their own check, proofs and sheets are real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import signs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "signs"


def _fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_the_desk_jurisdiction_selects_the_rules(demo_session):
    result = signs.check_sign(demo_session, _fixture("dehong-party-strip.json"))
    assert result["ok"] and result["rules"]["id"] == "yunnan-dehong" and result["findings"] == []
    national = signs.check_sign(demo_session, dict(_fixture("dehong-party-strip.json"), width_cm=50), rules_id="national")
    assert national["ok"] and national["rules"]["id"] == "national"
    dehong = signs.check_sign(demo_session, dict(_fixture("dehong-party-strip.json"), width_cm=50))
    assert not dehong["ok"]


def test_without_a_desk_the_national_baseline_applies(empty_session):
    result = signs.check_sign(empty_session, _fixture("dehong-party-strip.json"))
    assert result["rules"]["id"] == "national" and result["ok"]


def test_unknown_rules_id(demo_session):
    with pytest.raises(UserError, match="没有规则集"):
        signs.check_sign(demo_session, _fixture("dehong-party-strip.json"), rules_id="beijing")


def test_rule_sets_are_listed(demo_session):
    ids = {r["id"] for r in signs.list_rule_sets()}
    assert ids == {"national", "yunnan-dehong", "jilin-yanbian", "chongqing-yubei"}


def test_standard_specs_pass_their_own_check(demo_session):
    specs = signs.standard_specs(demo_session)
    assert [s["organisation"] for s in specs] == ["party", "committee", "collective", "supervision", "service_center",
                                                   "civilization_station"]
    assert specs[0]["name"] == "中共芒市风平镇风平村总支部委员会" and specs[0]["text_colour"] == "#EE1C25"
    assert (specs[1]["width_cm"], specs[1]["height_cm"], specs[1]["direction"]) == (35, 200, "vertical")
    for spec in specs:
        result = signs.check_sign(demo_session, spec)
        assert result["ok"] and not [f for f in result["findings"] if f["severity"] != "info"], (spec["name"], result)
    audit = signs.audit(demo_session, specs, save=False)
    assert audit["ok"] and audit["summary"] == {"keep": 6, "replace": 0, "remove": 0, "missing": 0}


def test_standard_specs_for_yanbian_ask_for_korean(demo_session):
    specs = signs.standard_specs(demo_session, rules_id="jilin-yanbian")
    assert all(s["scripts"] == ["ko", "zh"] and "name_ko" in s for s in specs)


def test_audit_of_the_demo_office_is_stored(demo_session, snapshot):
    inventory = _fixture("demo-inventory.json")
    result = signs.audit(demo_session, inventory)
    assert result["summary"] == {"keep": 5, "replace": 0, "remove": 3, "missing": 3}
    assert {m["role"] for m in result["missing"]} == {"supervision", "service_center", "civilization_station"}
    saved = result["saved"]
    assert saved["rules_id"] == "yunnan-dehong" and saved["office_name"] == "芒市风平镇风平村民委员会"
    listed = signs.list_audits(demo_session)
    assert [a["id"] for a in listed] == [saved["id"]] and listed[0]["summary"]["remove"] == 3
    stored = signs.get_audit(demo_session, saved["id"])
    assert stored["inventory"] == inventory and stored["result"]["summary"] == result["summary"]
    assert signs.get_audit(demo_session, saved["audit_uid"])["id"] == saved["id"]
    with pytest.raises(UserError, match="没有编号"):
        signs.get_audit(demo_session, 999)


def test_a_refused_inventory_stores_nothing(demo_session, snapshot):
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError):
        signs.audit(demo_session, {"format": "other/9", "signs": []})
    signs.audit(demo_session, [], save=False)
    assert snapshot(demo_session.db_path) == before


def test_the_catalogue_signs_come_from_the_desk(demo_session):
    items = signs.catalogue_signs(demo_session)
    codes = {i["code"] for i in items}
    assert {"CN-PZ-01", "CN-PZ-09", "533103-PZ-01"} <= codes
    assert next(i for i in items if i["code"] == "CN-PZ-01")["sign_kind"] == "strip"


def test_the_catalogue_signs_are_kept_per_session_and_go_with_it(demo_dir):
    """Read once per session while the catalogue is unchanged (a sign is checked on every
    pause in typing); kept beside the session, not on it, and dropped when it is."""
    import gc

    from villagedesk.services.session import Session

    with Session(demo_dir) as first, Session(demo_dir) as second:
        items = signs.catalogue_signs(first)
        assert signs.catalogue_signs(first) is items
        assert signs.catalogue_signs(second) is not items and signs.catalogue_signs(second) == items
        assert first in signs._CATALOGUE_SIGNS and second in signs._CATALOGUE_SIGNS
    kept = len(signs._CATALOGUE_SIGNS)
    del first, second
    gc.collect()
    assert len(signs._CATALOGUE_SIGNS) == kept - 2


def test_read_json_names_the_file(tmp_path):
    bad = tmp_path / "spec.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(UserError, match="spec.json"):
        signs.read_json(bad, "牌子规格文件")
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(UserError, match="UTF-8"):
        signs.read_json(bad)
    with pytest.raises(UserError, match="找不到"):
        signs.read_json(tmp_path / "none.json")


def test_proof_check_through_the_service(demo_session, tmp_path):
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (70, 400), "#FFFFFF")
    ImageDraw.Draw(img).rectangle((20, 40, 50, 360), fill="#EE1C25")
    img.save(tmp_path / "proof.png")
    result = signs.check_proof(demo_session, tmp_path / "proof.png", _fixture("dehong-party-strip.json"))
    assert result["ok"] and result["measured"]["background"] == "#FFFFFF"
    committee = dict(_fixture("dehong-party-strip.json"), name="芒市风平镇风平村民委员会", text_colour="#000000")
    result = signs.check_proof(demo_session, tmp_path / "proof.png", committee)
    assert not result["ok"] and any(f["rule"] == "colour.text" for f in result["findings"])


def _render_modules_present() -> bool:
    try:
        import villagedesk.render.sign_audit_report  # noqa: F401
        import villagedesk.render.sign_spec_sheet  # noqa: F401
        import villagedesk.render.sign_tiles  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _render_modules_present(), reason="spec-sheet renderers not in this checkout yet")
def test_spec_sheet_and_audit_report_are_real_pdfs(demo_session, tmp_path):
    from pypdf import PdfReader

    spec = signs.standard_specs(demo_session)[0]
    result = signs.spec_pdf(demo_session, spec, tmp_path / "party.pdf", tiles=True)
    text = "".join(p.extract_text() for p in PdfReader(result["file"]).pages)
    assert "中共芒市风平镇风平村总支部委员会" in text.replace("\n", "") or "#EE1C25" in text
    assert Path(result["tiles_file"]).is_file() and len(PdfReader(result["tiles_file"]).pages) >= 2
    report = signs.audit_pdf(demo_session, _fixture("demo-inventory.json"), tmp_path / "audit.pdf")
    assert len(PdfReader(report["file"]).pages) >= 1 and report["summary"]["remove"] == 3
    text = "".join(page.extract_text() for page in PdfReader(report["file"]).pages)
    assert "依据" in text and "{'document'" not in text  # sources cited as 文件 条款, not as raw data


def test_a_wrong_spec_gets_no_sheet(demo_session, tmp_path):
    with pytest.raises(UserError, match="不能生成规格单") as exc:
        signs.spec_pdf(demo_session, dict(_fixture("dehong-party-strip.json"), font="黑体"), tmp_path / "x.pdf")
    assert "黑体" in exc.value.text() and not (tmp_path / "x.pdf").exists()
    with pytest.raises(UserError, match=".pdf"):
        signs.spec_pdf(demo_session, _fixture("dehong-party-strip.json"), tmp_path / "x.png")
