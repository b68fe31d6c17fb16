"""Desk settings a person changes in 设置 (and with `villagedesk settings`).

Three kinds of setting: a number within bounds (font_scale), a choice among fixed values
(language: the language of the window, Simplified Chinese by default), and checked text
(the number formats of certificates, refusal notices and acceptances — GB/T 9704-2012
7.2.5 style by default —, the 经办人, the office telephone printed on certificates, extra
holidays).

The 经办人 printed on a certificate is the one given for that printout, else this setting
(`handler_for`, the one place that decides it); never the computer's login name, which is
not a person a villager or a township can hold to account.
"""

from __future__ import annotations

from typing import Any

from villagedesk.core.errors import UserError
from villagedesk.core.numbering import DEFAULT_TEMPLATES
from villagedesk.services.session import Session
from villagedesk.store import desk_store

LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

SETTINGS: dict[str, dict[str, Any]] = {  # key → label, default, hint and its bounds, choices or text kind
    "font_scale": {"label": "字体缩放", "default": 1.0, "min": 0.8, "max": 2.0,
                   "hint": "1.0 为默认（11 磅），老旧屏幕可用 1.25 或 1.5"},
    "language": {"label": "界面语言", "default": DEFAULT_LANGUAGE, "choices": LANGUAGES,
                 "hint": "zh_CN 为中文（默认），en 为英文；下次启动程序时生效"},
    "cert_number_format": {"label": "证明编号格式", "default": DEFAULT_TEMPLATES["cert"], "text": "number",
                           "hint": "可用 {村简称} {年} {n}（{n:03} 为补零到 3 位），如 {村简称}证〔{年}〕{n}号"},
    "refusal_number_format": {"label": "告知单编号格式", "default": DEFAULT_TEMPLATES["refusal"], "text": "number",
                              "hint": "不予出具证明告知单的编号，可用 {村简称} {年} {n}"},
    "accept_number_format": {"label": "受理编号格式", "default": DEFAULT_TEMPLATES["accept"], "text": "number",
                             "hint": "复杂证明受理登记的编号，可用 {村简称} {年} {n}"},
    "handler": {"label": "经办人", "default": "", "text": "name",
                "hint": "打印在证明和告知单上的经办人姓名，如 张丽；出具时未另填经办人即用此名"},
    "office_phone": {"label": "联系电话", "default": "", "text": "phone",
                     "hint": "打印在证明上的办公电话，如 0692-1234567；可留空"},
    "holidays": {"label": "节假日", "default": [], "text": "dates",
                 "hint": "计算办结期限时不算工作日的日期，逗号分隔，如 2027-01-01,2027-02-05"},
    "sign_size_tolerance_cm": {"label": "牌子尺寸量尺容差（厘米）", "default": 0.0, "min": 0.0, "max": 5.0,
                               "hint": "0 为不设容差（默认，“不超过35cm”即 35 厘米合格、35.1 厘米超标）；设为 0.5 则超出上限 0.5 厘米以内按量尺误差不算超标，检查结果会注明"},
}
# earlier versions stored the 经办人 as default_handler: still read, and still shown under
# that key too so that `settings show --json` keeps its shape
OLD_KEYS = {"default_handler": "handler"}
NO_HANDLER = "尚未设置经办人：请在 设置 中填写，或用 --handler 指定"
HANDLER_MAX = 20
SERIES_SETTING = {"cert": "cert_number_format", "refusal": "refusal_number_format", "accept": "accept_number_format"}


def get_settings(session: Session) -> dict:
    db = session.db
    out = {}
    for key, spec in SETTINGS.items():
        value = desk_store.get_setting(db, key, None)
        if value is None:  # never set: as an earlier version stored it, else the default
            old = next((o for o, n in OLD_KEYS.items() if n == key), None)
            value = desk_store.get_setting(db, old, spec["default"]) if old else spec["default"]
        if "choices" in spec and value not in spec["choices"]:
            value = spec["default"]  # a value this version does not know: fall back, never fail
        out[key] = value
    for old, new in OLD_KEYS.items():
        out[old] = out[new]
    return out


def handler_problem(text: str) -> str:
    """What is wrong with a 经办人's name ('' when nothing): a person's name, at most 20
    characters, no digits, symbols or invisible characters."""
    if not text:
        return "请填写经办人姓名"
    if len(text) > HANDLER_MAX:
        return f"经办人姓名过长（{len(text)} 字，最多 {HANDLER_MAX} 字）"
    if any(not (c.isalpha() or c in "·•") for c in text):
        return f"经办人应为姓名（不含数字、符号和不可见字符）：「{text[:HANDLER_MAX]}」"
    return ""


def handler_setting(session: Session) -> str:
    """The desk's 经办人 ('' when not set): what a form starts with."""
    return str(get_settings(session)["handler"] or "")


def handler_for(session: Session, given: str | None = None) -> str:
    """The 经办人 a printout names: `given` (this printout's) if any, else the desk's setting.
    UserError when it is wrong or there is neither: nothing is issued without a person."""
    from villagedesk.core.text import clean_cell

    session.require_desk()
    text = clean_cell(given)
    if text:
        if problem := handler_problem(text):
            raise UserError(problem)
        return text
    stored = handler_setting(session)
    if not stored:
        raise UserError(NO_HANDLER)
    return stored


def _choice(spec: dict, value) -> str:
    """The choice `value` names: its key in any letter case, with - or _, or its shown name."""
    text = str(value if value is not None else "").strip()
    wanted = text.replace("-", "_").casefold()
    for key, name in spec["choices"].items():
        if wanted in (key.casefold(), name.casefold()):
            return key
    allowed = "、".join(f"{k}（{n}）" for k, n in spec["choices"].items())
    raise UserError(f"{spec['label']}应为 {allowed} 之一，不能是「{text}」（{spec['hint']}）")


def _text(spec: dict, value):
    text = str(value if value is not None else "").strip()
    if spec["text"] == "number":
        from villagedesk.core.numbering import check_template

        text = text or spec["default"]
        problems = check_template(text)
        if problems:
            raise UserError(f"{spec['label']}「{text[:40]}」不可用", problems=problems)
        return text
    if spec["text"] == "name":
        from villagedesk.core.text import clean_cell

        text = clean_cell(text)
        if text and (problem := handler_problem(text)):
            raise UserError(problem)
        return text
    if spec["text"] == "phone":
        if len(text) > 20 or any(not (c.isdigit() or c in "-— ()（）转") for c in text):
            raise UserError(f"{spec['label']}只能含数字、短横线和括号（最多 20 字）：「{text[:30]}」")
        return text
    from datetime import date

    out = []
    for part in [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]:
        try:
            out.append(date.fromisoformat(part).isoformat())
        except ValueError:
            raise UserError(f"{spec['label']}中的「{part[:20]}」不是 年-月-日 格式的日期（如 2027-01-01）") from None
    return sorted(set(out))


def number_template(session: Session, series: str) -> str:
    """The number format of a ledger series (cert, refusal, accept) as set for this desk."""
    key = SERIES_SETTING[series]
    return str(desk_store.get_setting(session.db, key, SETTINGS[key]["default"]) or SETTINGS[key]["default"])


def set_setting(session: Session, key: str, value) -> dict:
    key = (key or "").replace("-", "_")
    key = OLD_KEYS.get(key, key)
    spec = SETTINGS.get(key)
    if spec is None:
        raise UserError(f"未知的设置项「{key}」，可用：" + "、".join(k.replace('_', '-') for k in SETTINGS))
    if "choices" in spec:
        desk_store.set_setting(session.db, key, _choice(spec, value))
        return get_settings(session)
    if "text" in spec:
        desk_store.set_setting(session.db, key, _text(spec, value))
        return get_settings(session)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError(f"{spec['label']}应为数字（{spec['hint']}）") from None
    if not spec["min"] <= number <= spec["max"]:
        raise UserError(f"{spec['label']}应在 {spec['min']} 到 {spec['max']} 之间")
    desk_store.set_setting(session.db, key, round(number, 2))
    return get_settings(session)
