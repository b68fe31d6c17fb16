"""A sign spec (docs/formats/signboard-spec.md) read from a JSON value into a SignSpec.

Reading never raises for a bad field: each problem becomes a finding naming its key, so a
cadre sees every fault at once and the checker still checks what could be read. Only a
value that is not a spec at all (a list, a number, an inventory) is refused whole.

Sizes: numbers are centimetres; strings "35", "35cm", "35 厘米", "35公分" are read as
centimetres; "350 mm"/"350毫米" and "2 m"/"2米" are converted to centimetres with a warning
(a sign maker often quotes millimetres, and refusing would only make the cadre retype).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from villagedesk.core.errors import UserError
from villagedesk.core.signs.colours import parse_colour, to_hex

SPEC_SOURCE = {"document": "村务桌面牌子规格格式", "file": "docs/formats/signboard-spec.md", "clause": "", "quote": ""}
INVENTORY_FORMAT = "villagedesk-sign-inventory/1"

KIND_NAMES = {"strip": "条牌", "square": "方牌", "door": "门牌", "identifier": "标识", "guide": "指引牌"}
DIRECTION_NAMES = {"vertical": "竖排（自上而下）", "horizontal": "横排（自左向右）"}
PLACEMENT_NAMES = {"exterior": "外部（大院门口或办公楼门厅外）", "interior": "内部", "room_door": "功能室门头"}
ROLE_KEYS = ("party", "committee", "collective", "supervision", "service_center", "civilization_station", "other")
SCRIPT_NAMES = {"zh": "汉文", "ko": "朝鲜文"}

_KIND_ALIASES = {**{k: k for k in KIND_NAMES}, **{v: k for k, v in KIND_NAMES.items()}, "标牌": None,
                 "标识牌": "identifier", "指引标牌": "guide", "门头牌": "door"}
_DIRECTION_ALIASES = {"vertical": "vertical", "horizontal": "horizontal", "竖排": "vertical", "横排": "horizontal",
                      "竖": "vertical", "横": "horizontal", "自上而下": "vertical", "自左向右": "horizontal",
                      "top-to-bottom": "vertical", "left-to-right": "horizontal", "纵向": "vertical", "横向": "horizontal"}
_PLACEMENT_ALIASES = {"exterior": "exterior", "interior": "interior", "room_door": "room_door", "外部": "exterior",
                      "室外": "exterior", "内部": "interior", "室内": "interior", "功能室门头": "room_door",
                      "门头": "room_door", "room-door": "room_door"}
_SCRIPT_ALIASES = {"zh": "zh", "汉文": "zh", "中文": "zh", "汉字": "zh", "chinese": "zh", "zh-hans": "zh",
                   "ko": "ko", "朝鲜文": "ko", "朝鲜语": "ko", "韩文": "ko", "korean": "ko", "kr": "ko"}
_ROLE_ALIASES = {**{k: k for k in ROLE_KEYS}, "村党组织": "party", "党组织": "party", "村民委员会": "committee",
                 "村集体经济组织": "collective", "集体经济组织": "collective", "村务监督委员会": "supervision",
                 "党群服务中心": "service_center", "新时代文明实践站": "civilization_station", "其他": "other"}
_DEFAULT_PLACEMENT = {"strip": "exterior", "identifier": "exterior", "square": "interior", "guide": "interior",
                      "door": "room_door"}
_KEY_ALIASES = {"text_color": "text_colour", "background_colour": "background", "background_color": "background",
                "type": "kind", "orientation": "direction"}
KEYS = ("name", "kind", "width_cm", "height_cm", "background", "text_colour", "font", "direction", "placement",
        "scripts", "decorated", "name_ko", "room", "organisation", "note")
REQUIRED = ("name", "kind", "width_cm", "height_cm")
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(cm|厘米|公分|mm|毫米|m|米)?")
# exact (Decimal) so that "354 mm" is 35.4 cm, not 35.400000000000006
_UNIT_FACTOR = {None: Decimal(1), "cm": Decimal(1), "厘米": Decimal(1), "公分": Decimal(1), "mm": Decimal("0.1"),
                "毫米": Decimal("0.1"), "m": Decimal(100), "米": Decimal(100)}
_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "是": True, "否": False, "有": True, "无": False}


@dataclass
class SignSpec:
    name: str = ""
    kind: str | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    background: str | None = None  # "#RRGGBB"
    text_colour: str | None = None
    font: str | None = None
    direction: str | None = None
    placement: str | None = None
    scripts: list[str] = field(default_factory=lambda: ["zh"])
    decorated: bool = False
    name_ko: str = ""
    room: str = ""
    organisation: str | None = None  # as given; the checker infers it from the name when absent
    note: str = ""
    problems: list[dict] = field(default_factory=list)  # findings about the input itself

    def to_dict(self) -> dict:
        """The spec in canonical form (what the spec sheet and the store read)."""
        d = {k: getattr(self, k) for k in KEYS}
        d["scripts"] = list(self.scripts)
        return {k: v for k, v in d.items() if v not in (None, "") or k in REQUIRED}

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind or "", "牌子")


def finding(rule: str, category: str, severity: str, message: str, key: str = "", source: dict | None = None) -> dict:
    out: dict = {"rule": rule, "category": category, "severity": severity, "message": message,
           "source": dict(source or SPEC_SOURCE)}
    if key:
        out["key"] = key
        if source is None:
            out["source"]["clause"] = key
    return out


def _show(value) -> str:
    text = repr(value) if not isinstance(value, str) else f"「{value}」"
    return text if len(text) <= 32 else text[:30] + "…"


def _type_name(value) -> str:
    return {list: "数组", dict: "对象", bool: "真假值", int: "数字", float: "数字", str: "文字", type(None): "空值"}.get(
        type(value), type(value).__name__)


def parse_spec(data, *, min_cm: float = 5, max_cm: float = 600, max_name_chars: int = 40, where: str = "") -> SignSpec:
    """Read one spec. Raises UserError only when `data` is not a spec at all."""
    if not isinstance(data, dict):
        raise UserError(f"不是牌子规格：应为 JSON 对象 {{\"name\": …, \"kind\": …}}，此处是{_type_name(data)}", where=where)
    if data.get("format") == INVENTORY_FORMAT or "signs" in data and not any(k in data for k in ("name", "kind")):
        raise UserError("这是牌子清单（多块牌子），不是单块牌子的规格：请用 sign audit 检查", where=where)
    if not any(k in data for k in KEYS) and not any(a in data for a in _KEY_ALIASES):
        keys = "、".join(str(k) for k in list(data)[:5]) or "无"
        raise UserError(f"不是牌子规格：没有 name、kind、width_cm 等键（此处的键：{keys}）", where=where)

    spec = SignSpec()
    p = spec.problems
    values = {}
    for key, value in data.items():
        if not isinstance(key, str):
            p.append(finding("spec.key", "name", "warning", f"键 {_show(key)} 不是文字，已忽略"))
            continue
        if key in KEYS:
            values[key] = value
        elif key in _KEY_ALIASES and _KEY_ALIASES[key] not in data:
            values[_KEY_ALIASES[key]] = value
            p.append(finding("spec.key", _category(_KEY_ALIASES[key]), "warning",
                             f"键「{key}」应写作「{_KEY_ALIASES[key]}」，已按 {_KEY_ALIASES[key]} 读取", key))
        elif key in ("format", "_about", "id"):
            continue
        else:
            guess = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            hint = f"，是否想写「{guess[0]}」？" if guess else f"（认识的键：{'、'.join(KEYS)}）"
            p.append(finding("spec.key", _category(guess[0] if guess else "name"), "warning",
                             f"不认识的键「{key[:40]}」，已忽略{hint}", key[:40]))

    for key in REQUIRED:
        if key not in values or values[key] is None:
            p.append(finding(f"spec.{key}", _category(key), "error", f"缺少 {key}（{_LABELS[key]}）", key))

    spec.name = _name(values.get("name"), p, max_name_chars)
    spec.kind = _choice(values.get("kind"), "kind", _KIND_ALIASES, "条牌/方牌/门牌/标识/指引牌（strip/square/door/identifier/guide）", p)
    spec.width_cm = _size(values.get("width_cm"), "width_cm", p, min_cm, max_cm)
    spec.height_cm = _size(values.get("height_cm"), "height_cm", p, min_cm, max_cm)
    for key in ("background", "text_colour"):
        if values.get(key) is None:
            p.append(finding(f"spec.{key}", "colour", "warning", f"没有填写 {key}（{_LABELS[key]}），未检查该颜色", key))
            continue
        try:
            setattr(spec, key, to_hex(parse_colour(values[key], where=key)))
        except UserError as exc:
            p.append(finding(f"spec.{key}", "colour", "error", exc.message, key))
    font = values.get("font")
    if font is None:
        p.append(finding("spec.font", "font", "warning", "没有填写 font（字体），未检查字体", "font"))
    elif not isinstance(font, str) or not font.strip():
        p.append(finding("spec.font", "font", "error", f"font（字体）应为字体名称文字，此处是 {_show(font)}", "font"))
    else:
        spec.font = unicodedata.normalize("NFC", font.strip())[:80]

    spec.direction = _choice(values.get("direction"), "direction", _DIRECTION_ALIASES, "vertical 竖排 / horizontal 横排", p)
    spec.placement = _choice(values.get("placement"), "placement", _PLACEMENT_ALIASES,
                             "exterior 外部 / interior 内部 / room_door 功能室门头", p)
    if spec.kind and "direction" not in values:
        spec.direction = "vertical" if spec.kind == "strip" else "horizontal"
        p.append(finding("spec.direction", "direction", "info",
                         f"没有填写 direction（文字方向），按{spec.kind_name}的常规{DIRECTION_NAMES[spec.direction]}处理", "direction"))
    if spec.kind and "placement" not in values:
        spec.placement = _DEFAULT_PLACEMENT[spec.kind]
        p.append(finding("spec.placement", "placement", "info",
                         f"没有填写 placement（悬挂位置），按{spec.kind_name}的常规位置「{PLACEMENT_NAMES[spec.placement]}」处理", "placement"))
    spec.scripts = _scripts(values.get("scripts"), p) if "scripts" in values else ["zh"]
    spec.decorated = _bool(values.get("decorated", False), p)
    spec.name_ko = _text(values.get("name_ko"), "name_ko", p, 120)
    spec.room = _text(values.get("room"), "room", p, 60)
    spec.note = _text(values.get("note"), "note", p, 500)
    org = values.get("organisation")
    if org is not None:
        role = _ROLE_ALIASES.get(org.strip()) if isinstance(org, str) else None
        if role is None:
            p.append(finding("spec.organisation", "name", "warning",
                             f"organisation 应为 {'/'.join(ROLE_KEYS)} 之一，此处是 {_show(org)}，改按名称推断", "organisation"))
        spec.organisation = role
    return spec


_LABELS = {"name": "名称", "kind": "牌子类型", "width_cm": "宽，厘米", "height_cm": "高，厘米", "background": "底色",
           "text_colour": "文字颜色", "font": "字体"}
_CATEGORY = {"name": "name", "kind": "size", "width_cm": "size", "height_cm": "size", "background": "colour",
             "text_colour": "colour", "font": "font", "direction": "direction", "placement": "placement",
             "scripts": "language", "name_ko": "language", "decorated": "decoration", "room": "placement",
             "organisation": "name", "note": "name"}


def _category(key: str) -> str:
    return _CATEGORY.get(key, "name")


def _name(value, p: list, max_chars: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        p.append(finding("spec.name", "name", "error", f"name（名称）应为文字，此处是{_type_name(value)} {_show(value)}", "name"))
        return ""
    text = unicodedata.normalize("NFC", value).strip()
    cleaned = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]", "", text)
    if cleaned != text:
        p.append(finding("spec.name", "name", "warning", "名称中有看不见的控制字符，已去掉", "name"))
    if not cleaned:
        p.append(finding("spec.name", "name", "error", "名称为空", "name"))
    elif len(cleaned) > max_chars:
        p.append(finding("spec.name", "name", "error",
                         f"名称过长（{len(cleaned)} 字，牌子名称一般不超过 {max_chars} 字）：「{cleaned[:20]}……」", "name"))
    return cleaned


def _choice(value, key: str, aliases: dict, allowed: str, p: list):
    if value is None:
        return None
    if isinstance(value, str):
        folded = unicodedata.normalize("NFKC", value).strip().lower()
        if aliases.get(folded):
            return aliases[folded]
    p.append(finding(f"spec.{key}", _category(key), "error", f"{key} 应为 {allowed}，此处是 {_show(value)}", key))
    return None


def _size(value, key: str, p: list, min_cm: float, max_cm: float) -> float | None:
    if value is None:
        return None
    label = "宽" if key == "width_cm" else "高"
    cm = None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        p.append(finding(f"spec.{key}", "size", "error", f"{key}（{label}，厘米）应为数字，此处是{_type_name(value)} {_show(value)}", key))
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        m = _SIZE.fullmatch(text)
        if not m:
            p.append(finding(f"spec.{key}", "size", "error", f"{key}（{label}）应为厘米数，如 35，读不出 {_show(value)}", key))
            return None
        unit = m.group(2)
        cm = float(Decimal(m.group(1)) * _UNIT_FACTOR[unit])
        if _UNIT_FACTOR[unit] != 1:
            p.append(finding(f"spec.{key}", "size", "warning",
                             f"{key} 写的是「{value.strip()}」，已换算为 {cm:g} 厘米（规格中尺寸一律用厘米）", key))
    else:
        cm = float(value)
    if not math.isfinite(cm):
        p.append(finding(f"spec.{key}", "size", "error", f"{key}（{label}）不是有效数字：{_show(value)}", key))
        return None
    if cm <= 0:
        p.append(finding(f"spec.{key}", "size", "error", f"{key}（{label}）应大于 0，此处是 {cm:g}", key))
        return None
    if cm < min_cm:
        p.append(finding(f"spec.{key}", "size", "error",
                         f"{key}（{label}）{cm:g} 厘米太小，不像牌子的尺寸（是否把米或分米当成了厘米？）", key))
        return None
    if cm > max_cm:
        p.append(finding(f"spec.{key}", "size", "error",
                         f"{key}（{label}）{cm:g} 厘米太大，不像牌子的尺寸（是否把毫米当成了厘米？）", key))
        return None
    return round(cm, 2)


def _scripts(value, p: list) -> list[str]:
    items = value
    if isinstance(value, str):
        items = [s for s in re.split(r"[,，、;；\s]+", value) if s]
        p.append(finding("spec.scripts", "language", "warning", f"scripts 应为数组，如 [\"ko\", \"zh\"]；已按 {items} 读取", "scripts"))
    if not isinstance(items, list) or not items:
        p.append(finding("spec.scripts", "language", "error", f"scripts 应为文字种类的数组，如 [\"zh\"] 或 [\"ko\", \"zh\"]，此处是 {_show(value)}", "scripts"))
        return ["zh"]
    out = []
    for s in items:
        code = _SCRIPT_ALIASES.get(unicodedata.normalize("NFKC", s).strip().lower()) if isinstance(s, str) else None
        if code is None:
            p.append(finding("spec.scripts", "language", "error", f"scripts 中的 {_show(s)} 不认识（应为 zh 汉文 或 ko 朝鲜文）", "scripts"))
        elif code not in out:
            out.append(code)
    return out or ["zh"]


def _bool(value, p: list) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        p.append(finding("spec.decorated", "decoration", "warning", f"decorated 应为 true 或 false，已按 {bool(value)} 读取", "decorated"))
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOLS:
        result = _BOOLS[value.strip().lower()]
        p.append(finding("spec.decorated", "decoration", "warning", f"decorated 应为 true 或 false，已按 {result} 读取", "decorated"))
        return result
    p.append(finding("spec.decorated", "decoration", "error", f"decorated（是否加修饰）应为 true 或 false，此处是 {_show(value)}", "decorated"))
    return False


def _text(value, key: str, p: list, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "room":
        return str(value)
    if not isinstance(value, str):
        p.append(finding(f"spec.{key}", _category(key), "error", f"{key} 应为文字，此处是{_type_name(value)} {_show(value)}", key))
        return ""
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > limit:
        p.append(finding(f"spec.{key}", _category(key), "error", f"{key} 过长（{len(text)} 字，最多 {limit} 字）", key))
        return text[:limit]
    return text


def spec_from_dict(data, rules=None, *, where: str = "") -> SignSpec:
    """parse_spec with the sanity limits of a rule set's parameters."""
    if rules is None:
        return parse_spec(data, where=where)
    return parse_spec(data, min_cm=rules.param("size_min_cm", 5), max_cm=rules.param("size_max_cm", 600),
                      max_name_chars=int(rules.param("name_max_chars", 40)), where=where)


def parse_inventory(data, rules=None) -> list[SignSpec]:
    """An inventory: {"format": "villagedesk-sign-inventory/1", "signs": [...]} or a bare list.
    A sign that is not a spec at all becomes an empty spec carrying the error, so the other
    signs are still audited and each keeps its position."""
    if isinstance(data, dict):
        if "signs" not in data:
            if any(k in data for k in ("name", "kind")):
                raise UserError("这是单块牌子的规格，不是牌子清单：请用 sign check 检查，或把它放进 {\"signs\": [ … ]}")
            raise UserError(f"不是牌子清单：应为 {{\"format\": \"{INVENTORY_FORMAT}\", \"signs\": [ … ]}} 或牌子规格的数组")
        fmt = data.get("format")
        if fmt is not None and fmt != INVENTORY_FORMAT:
            raise UserError(f"牌子清单的 format 应为 {INVENTORY_FORMAT}，此处是 {_show(fmt)}", where="format")
        signs = data["signs"]
    else:
        signs = data
    if not isinstance(signs, list):
        raise UserError(f"牌子清单的 signs 应为数组，此处是{_type_name(signs)}", where="signs")
    if len(signs) > 500:
        raise UserError(f"牌子清单过长（{len(signs)} 块，最多 500 块）", where="signs")
    out = []
    for i, item in enumerate(signs, start=1):
        try:
            out.append(spec_from_dict(item, rules, where=f"第 {i} 块牌子"))
        except UserError as exc:
            bad = SignSpec()
            bad.problems.append(finding("spec.sign", "name", "error", exc.text()))
            out.append(bad)
    return out
