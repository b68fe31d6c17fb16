"""Desk settings a person changes in 设置 (and with `villagedesk settings`)."""

from __future__ import annotations

from villagedesk.core.errors import UserError
from villagedesk.services.session import Session
from villagedesk.store import desk_store

SETTINGS = {
    "font_scale": {"label": "字体缩放", "default": 1.0, "min": 0.8, "max": 2.0,
                   "hint": "1.0 为默认（11 磅），老旧屏幕可用 1.25 或 1.5"},
}


def get_settings(session: Session) -> dict:
    db = session.db
    return {key: desk_store.get_setting(db, key, spec["default"]) for key, spec in SETTINGS.items()}


def set_setting(session: Session, key: str, value) -> dict:
    key = (key or "").replace("-", "_")
    spec = SETTINGS.get(key)
    if spec is None:
        raise UserError(f"未知的设置项「{key}」，可用：" + "、".join(k.replace('_', '-') for k in SETTINGS))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError(f"{spec['label']}应为数字（{spec['hint']}）") from None
    if not spec["min"] <= number <= spec["max"]:
        raise UserError(f"{spec['label']}应在 {spec['min']} 到 {spec['max']} 之间")
    desk_store.set_setting(session.db, key, round(number, 2))
    return get_settings(session)
