"""Desk settings a person changes in 设置 (and with `villagedesk settings`).

Two kinds of setting: a number within bounds (font_scale) and a choice among fixed values
(language: the language of the window, Simplified Chinese by default).
"""

from __future__ import annotations

from villagedesk.core.errors import UserError
from villagedesk.services.session import Session
from villagedesk.store import desk_store

LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

SETTINGS = {
    "font_scale": {"label": "字体缩放", "default": 1.0, "min": 0.8, "max": 2.0,
                   "hint": "1.0 为默认（11 磅），老旧屏幕可用 1.25 或 1.5"},
    "language": {"label": "界面语言", "default": DEFAULT_LANGUAGE, "choices": LANGUAGES,
                 "hint": "zh_CN 为中文（默认），en 为英文；下次启动程序时生效"},
}


def get_settings(session: Session) -> dict:
    db = session.db
    out = {}
    for key, spec in SETTINGS.items():
        value = desk_store.get_setting(db, key, spec["default"])
        if "choices" in spec and value not in spec["choices"]:
            value = spec["default"]  # a value this version does not know: fall back, never fail
        out[key] = value
    return out


def _choice(spec: dict, value) -> str:
    """The choice `value` names: its key in any letter case, with - or _, or its shown name."""
    text = str(value if value is not None else "").strip()
    wanted = text.replace("-", "_").casefold()
    for key, name in spec["choices"].items():
        if wanted in (key.casefold(), name.casefold()):
            return key
    allowed = "、".join(f"{k}（{n}）" for k, n in spec["choices"].items())
    raise UserError(f"{spec['label']}应为 {allowed} 之一，不能是「{text}」（{spec['hint']}）")


def set_setting(session: Session, key: str, value) -> dict:
    key = (key or "").replace("-", "_")
    spec = SETTINGS.get(key)
    if spec is None:
        raise UserError(f"未知的设置项「{key}」，可用：" + "、".join(k.replace('_', '-') for k in SETTINGS))
    if "choices" in spec:
        desk_store.set_setting(session.db, key, _choice(spec, value))
        return get_settings(session)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError(f"{spec['label']}应为数字（{spec['hint']}）") from None
    if not spec["min"] <= number <= spec["max"]:
        raise UserError(f"{spec['label']}应在 {spec['min']} 到 {spec['max']} 之间")
    desk_store.set_setting(session.db, key, round(number, 2))
    return get_settings(session)
