"""The six catalogue lists of the 2022 opinion and the origins an item can have.

Source: ../shared/DESIGN.md "The catalogues"; 厅字〔2022〕28号 二(一)1, 二(二)6, 二(三)7–8.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListKind:
    key: str
    name: str
    short: str


LISTS: tuple[ListKind, ...] = (
    ListKind("autonomy", "依法自治事项", "自治"),
    ListKind("assist", "协助政府工作事项", "协助"),
    ListKind("negative", "负面清单", "负面"),
    ListKind("signboard", "机制牌子保留目录", "牌子"),
    ListKind("cert_retained", "保留出具证明事项", "保留证明"),
    ListKind("cert_forbidden", "不应出具证明事项", "不应出具"),
)
LIST_BY_KEY = {k.key: k for k in LISTS}
_LIST_BY_NAME = {}
for _k in LISTS:
    for _n in (_k.key, _k.name, _k.short):
        _LIST_BY_NAME[_n] = _k
_LIST_BY_NAME.update(
    {
        "依法协助政府工作事项": LIST_BY_KEY["assist"],
        "负面事项清单": LIST_BY_KEY["negative"],
        "负面事项": LIST_BY_KEY["negative"],
        "机制牌子": LIST_BY_KEY["signboard"],
        "保留出具证明事项目录": LIST_BY_KEY["cert_retained"],
        "不应由村级组织出具证明事项": LIST_BY_KEY["cert_forbidden"],
    }
)


def list_by_name(name: str) -> ListKind | None:
    """The list a user wrote, by its full name, short name or key."""
    return _LIST_BY_NAME.get((name or "").strip())


ORIGINS = {
    "national": "国家",
    "provincial": "省级",
    "prefectural": "州市级",
    "county": "县级",
    "demo": "示范",
}
_ORIGIN_BY_NAME = {v: k for k, v in ORIGINS.items()} | {k: k for k in ORIGINS} | {
    "市级": "prefectural",
    "州级": "prefectural",
    "县市级": "county",
    "区县级": "county",
    "演示": "demo",
}


def origin_by_name(name: str) -> str | None:
    return _ORIGIN_BY_NAME.get((name or "").strip())
