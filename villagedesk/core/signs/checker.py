"""Check one sign against a compiled rule set, rule by rule, each finding citing its clause.

A check runs only when the rule set has its rule (national has no decoration rule, Dehong
has), so what is checked is decided by the data in resources/rules/, not here.
"""

from __future__ import annotations

import string
from decimal import ROUND_HALF_UP, Decimal

from villagedesk.core.signs import names
from villagedesk.core.signs.colours import FAMILY_NAMES, colour_family, delta_e, parse_colour
from villagedesk.core.signs.rules import RuleSet
from villagedesk.core.signs.spec import DIRECTION_NAMES, PLACEMENT_NAMES, SignSpec
from villagedesk.core.signs.typefaces import classify

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
ORIENTATION_NAMES = {"portrait": "竖长形", "landscape": "横长形"}
_SHAPE_RULES = {"portrait": "高大于宽", "landscape": "宽不小于高"}
_SHORT = {"red": "红", "black": "黑", "white": "白", "other": "其他颜色"}
_SCRIPT_ORDER = {"ko_first": "朝鲜文在前", "zh_first": "汉文在前"}
_SIDE = {"top": "朝鲜文在上", "left": "朝鲜文在左", "bottom": "朝鲜文在下", "right": "朝鲜文在右"}


class _Fields(dict):
    def __missing__(self, key):
        return "？"


def emit(rules: RuleSet, out: list, rule_id: str, variant: str | None = None, *, severity: str | None = None,
         key: str = "", **fields) -> None:
    """Append the rule's finding with its message filled in; nothing if the set lacks the rule."""
    rule = rules.rules.get(rule_id)
    if rule is None:
        return
    template = rule.messages.get(variant, rule.message) if variant else rule.message
    try:
        message = string.Formatter().vformat(template, (), _Fields(fields))
    except (ValueError, TypeError, IndexError, KeyError):
        message = template
    f = {"rule": rule.id, "category": rule.category, "severity": severity or rule.severity,
         "message": message, "source": dict(rule.source)}
    if key:
        f["key"] = key
    out.append(f)


def check_sign(spec: SignSpec, rules: RuleSet, *, office: dict | None = None,
               catalogue_signs: list[dict] | None = None, size_tolerance_cm: float = 0.0) -> dict:
    """{"ok": no error finding, "findings": [...], "role": organisation role, "role_name": …}.

    size_tolerance_cm: the desk's measuring tolerance (0 = sizes as written)."""
    out: list[dict] = list(spec.problems)
    role = spec.organisation or infer_role(spec.name, rules)
    org = rules.organisation(role) or {}
    ctx = {"name": spec.name, "kind_name": spec.kind_name, "role_name": names.ROLE_NAMES.get(role, "其他机构"),
           "rules_name": rules.name, "placement_name": PLACEMENT_NAMES.get(spec.placement or "", "未填写")}
    _size(spec, rules, out, ctx, size_tolerance_cm)
    _kind_for_role(spec, rules, org, out, ctx)
    _direction(spec, rules, out, ctx)
    _colours(spec, rules, org, out, ctx)
    _font(spec, rules, out, ctx)
    if spec.name:
        _characters(spec, rules, out, ctx)
        _names(spec, rules, role, office, out, ctx)
        out.extend(counterpart_findings(spec, role, rules, catalogue_signs))
    _placement(spec, rules, role, catalogue_signs, out, ctx)
    _language(spec, rules, out)
    if spec.decorated:
        emit(rules, out, "decoration.none", key="decorated", **ctx)
    out.sort(key=lambda f: SEVERITY_ORDER.get(f["severity"], 3))
    return {"ok": not any(f["severity"] == "error" for f in out), "findings": out,
            "role": role, "role_name": ctx["role_name"]}


def infer_role(name: str, rules: RuleSet) -> str:
    """The organisation a sign name belongs to, read through traditional characters too."""
    if not name:
        return "other"
    if rules.chars is not None:
        name = rules.chars.simplify(name)
    return names.infer_role(name, rules.organisations)


def catalogue_match(spec: SignSpec, catalogue_signs: list[dict]) -> dict | None:
    """The retained-catalogue sign this one is: by name style, else (for a catalogue sign
    without a name style, like 功能室门头标牌) by kind and placement."""
    for item in catalogue_signs:
        if item.get("name_pattern") and names.matches_pattern(spec.name, item["name_pattern"]):
            return item
    for item in catalogue_signs:
        if not item.get("name_pattern") and item.get("sign_kind") == spec.kind and item.get("placement") == spec.placement:
            return item
    return None


def counterpart_findings(spec: SignSpec, role: str, rules: RuleSet, catalogue_signs: list[dict] | None) -> list[dict]:
    """对口挂牌, the one judgement `sign check` and the audit share (厅字〔2022〕28号 二(二)6:
    党政群机构不得要求村级组织对口挂牌; 德宏州方案 二(二)7). A sign of none of the village
    organisations is one when it is not in the retained catalogue (by name style, or by kind
    and placement for a catalogue sign without one), or when its name carries a fragment
    typical of a department's sign (rule set `counterpart_markers.values`: 妇女之家, 工作站 …)
    and no catalogue name style covers it: an error. A fragment that is only suspicious
    (`counterpart_markers.review`, e.g. 办公室) is a warning to check. Without a catalogue
    (no desk yet) only the name fragments are judged."""
    if not spec.name or role != "other":
        return []
    item = catalogue_match(spec, catalogue_signs) if catalogue_signs is not None else None
    if item is not None and item.get("name_pattern"):
        return []  # a retained sign, by its name style
    name = names.normalise(rules.chars.simplify(spec.name) if rules.chars is not None else spec.name)
    marker = next((m for m in rules.counterpart_markers if m in name), None)
    review = next((m for m in rules.counterpart_review if m in name), None)
    out: list[dict] = []

    def contains(fragment: str) -> str:
        return "" if fragment == name else f"含「{fragment}」，"

    if marker:
        emit(rules, out, "count.counterpart", "marker", key="name", name=spec.name, marker=marker,
             contains=contains(marker))
    elif catalogue_signs is not None and item is None:
        emit(rules, out, "count.counterpart", key="name", name=spec.name)
    elif review:
        emit(rules, out, "count.counterpart", "review", severity="warning", key="name", name=spec.name, marker=review,
             contains=contains(review))
    return out


def _fmt(v: float | None) -> str:
    return "？" if v is None else f"{v:g}"


def tenths_of_mm(cm: float) -> int:
    """A size in whole tenths of a millimetre, through Decimal: 350 mm read as
    35.00000000000001 cm is 3500, exactly the limit, and 35.4 cm is 3540."""
    return int((Decimal(str(cm)) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _size(spec: SignSpec, rules: RuleSet, out: list, ctx: dict, tolerance_cm: float = 0.0) -> None:
    """"不超过35cm" as written: 35.0 passes, 35.1 does not. A measuring tolerance applies only
    when the desk sets one (settings sign-size-tolerance-cm, default 0), and every finding
    it changes says so."""
    if not spec.kind:
        return
    kind = rules.kinds[spec.kind]
    w, h = spec.width_cm, spec.height_cm
    if w is None or h is None:
        return
    fields = {**ctx, "width": _fmt(w), "height": _fmt(h)}
    orientation = kind.get("orientation") or ""
    shape_wrong = (orientation == "portrait" and w >= h) or (orientation == "landscape" and h > w)
    if shape_wrong:
        actual = "横放的牌子（如横匾）" if w >= h else "竖放的牌子（如条牌）"
        emit(rules, out, "size.shape", key="width_cm", orientation_name=ORIENTATION_NAMES[orientation],
             shape_rule=_SHAPE_RULES[orientation], actual_name=actual, **fields)
    max_w, max_h = kind.get("max_width_cm"), kind.get("max_height_cm")
    if max_w is None and max_h is None:
        emit(rules, out, "size.max", "unset", severity="info", **fields)
        return
    tol = tenths_of_mm(tolerance_cm) if tolerance_cm and tolerance_cm > 0 else 0

    def over(a, b, allowance):
        """The sides of (a, b) over the limits by more than `allowance` tenths of mm."""
        sides = []
        if max_w is not None and tenths_of_mm(a) > tenths_of_mm(max_w) + allowance:
            sides.append("width_cm")
        if max_h is not None and tenths_of_mm(b) > tenths_of_mm(max_h) + allowance:
            sides.append("height_cm")
        return sides

    strict, upright = over(w, h, 0), over(h, w, 0) if shape_wrong else None
    if not strict or upright == []:  # lying flat but the right size: the shape finding says it
        return
    limits = {"max_width": _fmt(max_w), "max_height": _fmt(max_h), "tolerance": _fmt(tolerance_cm)}
    beyond = over(w, h, tol)
    if tol and not beyond or (shape_wrong and tol and not over(h, w, tol)):
        emit(rules, out, "size.max", "tolerated", severity="info", key=strict[0], **limits, **fields)
        if out and out[-1]["rule"] == "size.max" and "容差" not in out[-1]["message"]:
            out[-1]["message"] += f"；按容差 {_fmt(tolerance_cm)} cm 判定为不超标（设置项 sign-size-tolerance-cm）"
        return
    emit(rules, out, "size.max", key=(beyond or strict)[0], **limits, **fields)
    if tol and out and out[-1]["rule"] == "size.max":
        out[-1]["message"] += f"（已按容差 {_fmt(tolerance_cm)} cm 判定）"


def _kind_for_role(spec: SignSpec, rules: RuleSet, org: dict, out: list, ctx: dict) -> None:
    if not spec.kind:
        return
    expected = org.get("sign_kind")
    if expected == "strip" and spec.kind != "strip":
        emit(rules, out, "size.kind", key="kind", expected_kind="条牌", **ctx)
    elif expected != "strip" and spec.kind == "strip":
        emit(rules, out, "size.kind", key="kind", expected_kind="方牌或门牌", **ctx)


def _direction(spec: SignSpec, rules: RuleSet, out: list, ctx: dict) -> None:
    if not spec.kind or not spec.direction:
        return
    expected = rules.kinds[spec.kind].get("direction")
    if expected and spec.direction != expected:
        emit(rules, out, "direction.kind", key="direction", expected_direction=DIRECTION_NAMES[expected],
             direction_name=DIRECTION_NAMES[spec.direction], **ctx)


def _colours(spec: SignSpec, rules: RuleSet, org: dict, out: list, ctx: dict) -> None:
    tolerances = rules.param("colour_families", {})
    if spec.background:
        expected_bg = org.get("background", "white")
        family = colour_family(parse_colour(spec.background), tolerances)
        if family != expected_bg:
            emit(rules, out, "colour.background", key="background", background=spec.background,
                 background_family=FAMILY_NAMES[family], **ctx)
    if spec.text_colour:
        expected = org.get("text", "black")
        rgb = parse_colour(spec.text_colour)
        family = colour_family(rgb, tolerances)
        if family != expected:
            emit(rules, out, "colour.text", key="text_colour", text_colour=spec.text_colour,
                 text_family=FAMILY_NAMES[family], expected_family=FAMILY_NAMES[expected],
                 expected_short=_SHORT[expected], **ctx)
        elif expected == "red" and rules.param("party_red"):
            reference = rules.param("party_red")
            tolerance = float(rules.parameters["party_red"].get("tolerance") or 0)
            d = delta_e(rgb, parse_colour(reference))
            if tolerance and d > tolerance:
                emit(rules, out, "colour.party_red", key="text_colour", text_colour=spec.text_colour,
                     party_red=reference, delta=d, tolerance=_fmt(tolerance), **ctx)


def _font(spec: SignSpec, rules: RuleSet, out: list, ctx: dict) -> None:
    if not spec.font:
        return
    face = classify(spec.font)
    if face.family in rules.fonts.get("allowed", ()):
        return
    if face.family in rules.fonts.get("refused", ()):
        emit(rules, out, "font.family", key="font", font=spec.font, font_family=face.family_name, **ctx)
    else:
        emit(rules, out, "font.family", "unknown", severity="warning", key="font", font=spec.font,
             font_family=face.family_name, **ctx)


def _characters(spec: SignSpec, rules: RuleSet, out: list, ctx: dict) -> None:
    if rules.chars is not None:
        for issue in rules.chars.issues(spec.name):
            emit(rules, out, "characters.standard", key="name", issue=issue.message(), char=issue.char,
                 suggestion=issue.simplified, **ctx)
    for script, chars in names.foreign_scripts(spec.name).items():
        emit(rules, out, "characters.script", key="name", script_name=names.SCRIPT_NAMES[script], chars=chars[:10], **ctx)


def _names(spec: SignSpec, rules: RuleSet, role: str, office: dict | None, out: list, ctx: dict) -> None:
    for abbr in names.find_abbreviations(spec.name, rules.abbreviations):
        emit(rules, out, "name.abbreviation", key="name", short=abbr["short"], full=abbr["full"], **ctx)
    if role == "other":
        return
    expected, how = names.expected_name(role, office, rules.organisations)
    given = names.normalise(spec.name)
    if how == "approved" and given != expected:
        emit(rules, out, "name.approved", key="name", expected=expected, **ctx)
    elif how != "approved":
        patterns = (rules.organisation(role) or {}).get("patterns", [])
        if patterns and not any(names.matches_pattern(given, p) for p in patterns):
            emit(rules, out, "name.approved", "pattern", severity="warning", key="name",
                 patterns="、".join(patterns[:3]), **ctx)


def _placement(spec: SignSpec, rules: RuleSet, role: str, catalogue_signs, out: list, ctx: dict) -> None:
    if not spec.kind or not spec.placement:
        return
    allowed = rules.kinds[spec.kind].get("placements")
    if allowed and spec.placement not in allowed:
        emit(rules, out, "placement.kind", key="placement",
             expected_placement="、".join(PLACEMENT_NAMES[p] for p in allowed), **ctx)
        return
    if role != "other" and any(r["role"] == role and r.get("placement") == "exterior" for r in rules.required_signs) \
            and spec.placement != "exterior":
        emit(rules, out, "placement.kind", key="placement", expected_placement=PLACEMENT_NAMES["exterior"], **ctx)
        return
    if catalogue_signs and role == "other":
        item = catalogue_match(spec, catalogue_signs)
        if item and item.get("placement") and item["placement"] != spec.placement and item.get("name_pattern"):
            emit(rules, out, "placement.catalogue", key="placement",
                 expected_placement=PLACEMENT_NAMES.get(item["placement"], item["placement"]), **ctx)


def _language(spec: SignSpec, rules: RuleSet, out: list) -> None:
    required = rules.scripts.get("required", ["zh"])
    if "ko" not in required:
        return
    problems = []
    if "ko" not in spec.scripts:
        problems.append(("scripts", "scripts 中没有 ko（朝鲜文）"))
    if "zh" not in spec.scripts:
        problems.append(("scripts", "scripts 中没有 zh（汉文）"))
    if not spec.name_ko:
        problems.append(("name_ko", "没有填写 name_ko（朝鲜文名称）"))
    else:
        hangul = sum(1 for ch in spec.name_ko if names.is_hangul(ch))
        letters = sum(1 for ch in spec.name_ko if ch.isalpha())
        if hangul == 0 or hangul < letters:
            problems.append(("name_ko", f"name_ko「{spec.name_ko[:20]}」不全是朝鲜文（韩文字母）"))
    for key, problem in problems:
        emit(rules, out, "language.korean", key=key, problem=problem)
    emit(rules, out, "language.layout",
         order=_SCRIPT_ORDER.get(rules.param("script_order"), "未定"), side=_SIDE.get(rules.param("script_side"), "未定"),
         ratio=_fmt(rules.param("script_size_ratio")))
