"""What changed from one catalogue version to the next, item by item (issue 11 item 5).

A county publishes a new version; before a desk installs it the clerk sees which items came,
which went, which were reworded (old → new per field) and which moved to another list, and
the desk keeps that summary with each version in its history. Items are matched by 编码, the
code a county keeps stable across versions; the order of rows is not a change. Pure and
linear in the number of items (one dict per side), so thousands of items diff in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from villagedesk.core.catalogue import PLACEMENTS, SIGN_KINDS, Catalogue, CatalogueItem, CatalogueMeta
from villagedesk.core.lists import LIST_BY_KEY, ORIGINS

# the item's own attributes a change can name ("list" is list_key); every other name is a key of
# item.fields (department, materials, time_limit_days …)
ITEM_FIELDS = ("list", "title", "basis", "clause", "origin", "keywords", "notes")
FIELD_NAMES = {
    "list": "清单", "title": "标题", "basis": "设定依据", "clause": "依据条款", "origin": "来源", "keywords": "关键词",
    "notes": "备注", "department": "责任部门", "funding": "经费保障", "materials": "所需材料",
    "bring": "所需材料（改办时携带）", "procedure": "办理程序", "time_limit_days": "办理时限", "form_id": "表单编号",
    "alternatives": "替代方式", "channel": "改由何处办理", "channel_source": "办理途径依据", "commitment": "可告知承诺",
    "sign_kind": "牌子类型", "placement": "悬挂位置", "name_pattern": "名称样式",
}
META_NAMES = {
    "version": "目录版本", "published": "发布日期", "publisher": "发布单位", "title": "目录名称",
    "jurisdiction_name": "辖区名称", "jurisdiction_code": "辖区代码", "description": "说明", "template_version": "模板版本",
}
_SIGN_KIND_NAMES = {v: k for k, v in SIGN_KINDS.items()}
_PLACEMENT_NAMES = {v: k for k, v in PLACEMENTS.items()}


def value_text(field: str, value: object) -> str:
    """A field's value as a clerk reads it (list names in Chinese, 当场, 是/否); '' when absent."""
    if value is None:
        return ""
    if field == "list":
        return LIST_BY_KEY[value].name if value in LIST_BY_KEY else str(value)
    if field == "origin":
        return ORIGINS.get(str(value), str(value))
    if field == "time_limit_days" and isinstance(value, int) and not isinstance(value, bool):
        return "当场办结" if value == 0 else f"{value}个工作日"
    if field == "sign_kind":
        return _SIGN_KIND_NAMES.get(str(value), str(value))
    if field == "placement":
        return _PLACEMENT_NAMES.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return ("；" if field in ("materials", "bring") else "、").join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    """One field, old → new (None: the field was absent on that side)."""

    field: str
    old: object
    new: object
    of_meta: bool = False  # a field of the catalogue itself (its 目录名称 is not an item's 标题)

    @property
    def field_name(self) -> str:
        names = (META_NAMES, FIELD_NAMES) if self.of_meta else (FIELD_NAMES, META_NAMES)
        return names[0].get(self.field) or names[1].get(self.field) or self.field

    def to_dict(self) -> dict:
        return {"field": self.field, "field_name": self.field_name,
                "old": value_text(self.field, self.old), "new": value_text(self.field, self.new)}


@dataclass(frozen=True)
class ItemChange:
    old: CatalogueItem
    new: CatalogueItem
    changes: tuple[FieldChange, ...]

    def to_dict(self) -> dict:
        d = item_summary(self.new)
        if self.old.list_key != self.new.list_key:
            d["old_list"] = self.old.list_key
            d["old_list_name"] = value_text("list", self.old.list_key)
        if self.old.title != self.new.title:
            d["old_title"] = self.old.title
        d["changes"] = [c.to_dict() for c in self.changes]
        return d


def item_summary(item: CatalogueItem) -> dict:
    return {"code": item.code, "title": item.title, "list": item.list_key, "list_name": value_text("list", item.list_key)}


@dataclass(frozen=True)
class CatalogueDiff:
    """added / removed by code; moved = another list (its other changes listed with it);
    reworded = same list, some other field changed; meta = the catalogue's own data."""

    added: tuple[CatalogueItem, ...]
    removed: tuple[CatalogueItem, ...]
    reworded: tuple[ItemChange, ...]
    moved: tuple[ItemChange, ...]
    unchanged: int
    meta: tuple[FieldChange, ...] = ()

    @property
    def items_changed(self) -> bool:
        return bool(self.added or self.removed or self.reworded or self.moved)

    def is_empty(self) -> bool:
        return not self.items_changed and not self.meta

    def counts(self) -> dict:
        return {"added": len(self.added), "removed": len(self.removed), "reworded": len(self.reworded),
                "moved": len(self.moved), "unchanged": self.unchanged}

    def to_dict(self) -> dict:
        """The summary the history keeps and the CLI's --json shows (texts, never raw values)."""
        return {
            "counts": self.counts(),
            "meta": [c.to_dict() for c in self.meta],
            "added": [item_summary(i) for i in self.added],
            "removed": [item_summary(i) for i in self.removed],
            "reworded": [c.to_dict() for c in self.reworded],
            "moved": [c.to_dict() for c in self.moved],
            "unchanged": self.unchanged,
        }


def _item_values(item: CatalogueItem) -> dict[str, object]:
    values: dict[str, object] = {"list": item.list_key, "title": item.title, "basis": item.basis,
                                 "clause": item.clause, "origin": item.origin, "keywords": item.keywords,
                                 "notes": item.notes}
    values.update(item.fields)
    return values


def item_changes(old: CatalogueItem, new: CatalogueItem) -> tuple[FieldChange, ...]:
    """The fields that differ, in reading order: the item's own first, then its list's fields."""
    if old == new:
        return ()
    a, b = _item_values(old), _item_values(new)
    keys = list(ITEM_FIELDS) + [k for k in dict.fromkeys([*old.fields, *new.fields]) if k not in ITEM_FIELDS]
    return tuple(FieldChange(k, a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k))


def meta_changes(old: CatalogueMeta | None, new: CatalogueMeta) -> tuple[FieldChange, ...]:
    if old is None:
        return ()
    return tuple(FieldChange(k, getattr(old, k), getattr(new, k), of_meta=True) for k in META_NAMES
                 if getattr(old, k) != getattr(new, k))


def diff_items(old_items: list[CatalogueItem], new_items: list[CatalogueItem]) -> CatalogueDiff:
    """Items matched by code (codes are unique in a checked catalogue)."""
    old_by_code = {i.code: i for i in old_items}
    new_codes = set()
    added: list[CatalogueItem] = []
    reworded: list[ItemChange] = []
    moved: list[ItemChange] = []
    unchanged = 0
    for item in new_items:
        new_codes.add(item.code)
        before = old_by_code.get(item.code)
        if before is None:
            added.append(item)
        elif before == item:
            unchanged += 1
        else:
            change = ItemChange(before, item, item_changes(before, item))
            (moved if before.list_key != item.list_key else reworded).append(change)
    removed = [i for i in old_items if i.code not in new_codes]
    return CatalogueDiff(tuple(added), tuple(removed), tuple(reworded), tuple(moved), unchanged)


def diff_catalogues(old: Catalogue | None, new: Catalogue) -> CatalogueDiff:
    """From the installed catalogue (None: nothing installed, every item is added) to `new`."""
    found = diff_items(old.items if old is not None else [], new.items)
    return replace(found, meta=meta_changes(old.meta if old is not None else None, new.meta))


def apply_diff(old_items: list[CatalogueItem], diff: CatalogueDiff) -> dict[str, CatalogueItem]:
    """The items `diff` leads to from `old_items`, by code — what the changes claim, so a test
    can hold them to it (and a reader can rebuild a version from the one before)."""
    items = {i.code: i for i in old_items}
    for gone in diff.removed:
        del items[gone.code]
    for change in (*diff.reworded, *diff.moved):
        item = items[change.old.code]
        fields = dict(item.fields)
        own: dict[str, object] = {}
        for c in change.changes:
            if c.field in ITEM_FIELDS:
                own["list_key" if c.field == "list" else c.field] = c.new
            elif c.new is None:
                fields.pop(c.field, None)
            else:
                fields[c.field] = c.new
        items[item.code] = replace(item, fields=fields, **own)  # type: ignore[arg-type]
    for item in diff.added:
        items[item.code] = item
    return items
