"""Rule sets: they load, inherit, cite clauses that are verbatim in the policy texts."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.core.signs.rules import CATEGORIES, SEVERITIES, compile_rules

RULES_DIR = resources.resource("rules")
SHARED_POLICY = Path(__file__).resolve().parents[4] / "shared" / "policy"
DOCS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in RULES_DIR.glob("*.json")}


def test_one_rule_set_per_jurisdiction_and_all_compile(load):
    assert set(DOCS) == {j["id"] for j in resources.jurisdictions()}
    for rid in DOCS:
        rules = load(rid)
        assert rules.id == rid and rules.rules
        for rule in rules.rules.values():
            assert rule.category in CATEGORIES and rule.severity in SEVERITIES
            assert rule.source["document"], (rid, rule.id)


def test_inheritance_fills_and_overrides(load):
    national, dehong, yanbian, yubei = (load(i) for i in ("national", "yunnan-dehong", "jilin-yanbian", "chongqing-yubei"))
    assert dehong.chain == ["yunnan-dehong", "national"] and national.chain == ["national"]
    assert (dehong.kinds["strip"]["max_width_cm"], dehong.kinds["strip"]["max_height_cm"]) == (35, 200)
    assert (dehong.kinds["square"]["max_width_cm"], dehong.kinds["door"]["max_height_cm"]) == (60, 15)
    assert national.kinds["strip"]["max_width_cm"] is None and yubei.kinds["strip"]["max_width_cm"] is None
    assert dehong.rules["font.family"].severity == "error" and national.rules["font.family"].severity == "warning"
    assert dehong.rules["font.family"].source["file"] == "policy/yunnan-dehong-plan.txt"
    assert "decoration.none" in dehong.rules and "decoration.none" not in national.rules
    assert dehong.abbreviations == national.abbreviations  # inherited whole
    assert len(dehong.required_signs) == 6
    assert yanbian.scripts["required"] == ["ko", "zh"] and "language.korean" in yanbian.rules
    for name in ("script_order", "script_side", "script_size_ratio"):
        assert yanbian.parameters[name]["awaiting_confirmation"] is True
    assert "strip_max_width_cm" in yubei.awaiting() and "strip_max_width_cm" not in dehong.awaiting()
    assert dehong.param("party_red") == "#EE1C25" and dehong.parameters["party_red"]["normative"] is False


def _quotes(doc: dict):
    sources = doc.get("sources", {})
    for rule in doc.get("rules", []):
        yield f"rule {rule['id']}", rule["source"], sources
    for name, param in doc.get("parameters", {}).items():
        yield f"parameter {name}", param.get("source", {}), sources


@pytest.mark.skipif(not SHARED_POLICY.is_dir(), reason="shared/policy is not beside the checkout")
def test_every_cited_quote_is_verbatim_in_its_policy_file():
    texts = {p.name: re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in SHARED_POLICY.glob("*.txt")}
    checked = 0
    for rid, doc in DOCS.items():
        all_sources = {**DOCS["national"].get("sources", {}), **doc.get("sources", {})}
        for what, source, _ in _quotes(doc):
            if "ref" in source:
                assert source["ref"] in all_sources, (rid, what)
                file = all_sources[source["ref"]]["file"]
            else:
                file = source.get("file", "")
            if source.get("quote"):
                assert file.startswith("policy/"), (rid, what)
                quote = re.sub(r"\s+", "", source["quote"])
                assert quote in texts[Path(file).name], (rid, what, source["quote"])
                checked += 1
            elif file:
                pytest.fail(f"{rid} {what}: a policy file is cited without a verbatim quote")
            else:  # no policy text: must say so
                assert source.get("basis") in ("inferred", "not_found") or source.get("note"), (rid, what)
    assert checked >= 30


def test_every_clause_label_is_a_clause_of_its_file():
    # 二(二)7 → the policy text has a "7." item: the label points at something that exists
    for doc in DOCS.values():
        for rule in doc.get("rules", []):
            clause = rule["source"].get("clause", "")
            m = re.fullmatch(r"二\(二\)(\d+)", clause)
            if m and rule["source"].get("ref") in ("dehong", "central", "yanbian"):
                assert rule["source"].get("quote")


def _docs_with(change) -> dict:
    docs = copy.deepcopy(DOCS)
    change(docs)
    return docs


def test_a_child_can_drop_an_inherited_rule():
    docs = _docs_with(lambda d: d["yunnan-dehong"]["rules"].append({"id": "decoration.none", "disabled": True}))
    assert "decoration.none" not in compile_rules(docs, "yunnan-dehong").rules


@pytest.mark.parametrize("change, words", [
    (lambda d: d["national"].__setitem__("inherits", "yunnan-dehong"), "循环"),
    (lambda d: d["yunnan-dehong"].__setitem__("inherits", "nowhere"), "nowhere"),
    # found by mypy: a list or a number here was a TypeError (unhashable), not a refusal
    (lambda d: d["yunnan-dehong"].__setitem__("inherits", ["national"]), "inherits 应是上级规则集的 id"),
    (lambda d: d["yunnan-dehong"].__setitem__("inherits", 5), "inherits 应是上级规则集的 id"),
    (lambda d: d["yunnan-dehong"]["rules"].append({"id": "x", "category": "size", "severity": "fatal", "message": "m", "source": {"ref": "dehong"}}), "severity"),
    (lambda d: d["yunnan-dehong"]["rules"].append({"id": "x", "category": "shape", "severity": "error", "message": "m", "source": {"ref": "dehong"}}), "category"),
    (lambda d: d["yunnan-dehong"]["rules"].append({"id": "x", "category": "size", "severity": "error", "message": "m", "source": {"ref": "nope"}}), "nope"),
    (lambda d: d["yunnan-dehong"]["kinds"].__setitem__("door", {"max_width_cm": "@missing"}), "missing"),
    (lambda d: d["yunnan-dehong"].__setitem__("format", "other/1"), "format"),
])
def test_a_broken_rule_set_is_refused_in_chinese(change, words):
    with pytest.raises(UserError, match=words):
        compile_rules(_docs_with(change), "yunnan-dehong")


def test_unknown_rule_set_names_the_known_ones():
    with pytest.raises(UserError, match="national"):
        compile_rules(DOCS, "beijing")
