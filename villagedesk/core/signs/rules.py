"""Sign rule sets: JSON documents (resources/rules/<id>.json) merged along `inherits` and
compiled once into a RuleSet the checker reads without further lookups.

Merging, child over parent: `parameters` and `sources` by name, `kinds` field by field,
`organisations` by role (order of the parent kept, new roles appended), `rules` by id and
then field by field (a child restating a rule gives its own message, severity and source and
keeps the parent's title; `{"id": …, "disabled": true}` drops the inherited rule); any other key given by the
child replaces the parent's value whole. A kind's size may name a parameter as "@name".
Format: docs/formats/sign-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from villagedesk.core.chars import CharTables
from villagedesk.core.errors import UserError

FORMAT = "villagedesk-sign-rules/1"
CATEGORIES = ("size", "colour", "font", "name", "characters", "direction", "placement", "count", "language", "decoration")
SEVERITIES = ("error", "warning", "info")
KINDS = ("strip", "square", "door", "identifier", "guide")
ROLES = ("party", "committee", "collective", "supervision", "service_center", "civilization_station", "other")
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    message: str
    source: dict  # {"document", "file", "clause", "quote"} (+ "note"); file/quote "" when not in policy/
    basis: str = "verbatim"  # verbatim | inferred | not_found
    messages: dict = field(default_factory=dict)  # variants of the message for special cases
    title: str = ""  # what the rule requires, in a few words (for sheets and reports)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "category": self.category, "severity": self.severity,
                "message": self.message, "basis": self.basis, "source": dict(self.source)}


@dataclass
class RuleSet:
    id: str
    name: str
    version: str
    chain: list[str]  # this set and its ancestors, nearest first
    about: str
    parameters: dict[str, dict]
    kinds: dict[str, dict]  # sizes resolved to numbers or None
    organisations: list[dict]  # ordered: the first whose marker is in a name decides its role
    required_signs: list[dict]
    abbreviations: list[dict]  # longest short form first
    counterpart_markers: list[str]  # name fragments of 对口挂牌 (an error when not in the catalogue by name)
    fonts: dict
    scripts: dict
    rules: dict[str, Rule]
    sources: dict[str, dict]
    chars: CharTables | None = None  # handed in by the loader (cached there)
    counterpart_review: list[str] = field(default_factory=list)  # fragments only worth a check (warning)

    def param(self, name: str, default=None):
        p = self.parameters.get(name)
        return default if p is None or p.get("value") is None else p["value"]

    def awaiting(self) -> list[str]:
        """Names of parameters still awaiting county confirmation."""
        return [k for k, p in self.parameters.items() if p.get("awaiting_confirmation")]

    def organisation(self, role: str) -> dict | None:
        return self._roles.get(role)

    def __post_init__(self):
        self._roles = {o["role"]: o for o in self.organisations}

    def summary(self) -> list[dict]:
        """The rules as a list of plain dicts (for spec sheets and reports)."""
        return [r.to_dict() for r in self.rules.values()]

    def describe(self) -> dict:
        return {"id": self.id, "name": self.name, "version": self.version, "inherits": self.chain[1:],
                "about": self.about, "rules": self.summary(),
                "parameters": {k: dict(v) for k, v in self.parameters.items()},
                "awaiting_confirmation": self.awaiting()}


def compile_rules(documents: dict[str, dict], rules_id: str, *, chars: CharTables | None = None) -> RuleSet:
    """Merge `rules_id` with its ancestors (documents: id → parsed JSON) and compile it."""
    chain = _chain(documents, rules_id)
    merged: dict = {}
    for doc_id in reversed(chain):
        merged = _merge(merged, documents[doc_id], doc_id)
    return _compile(merged, chain, chars)


def _chain(documents: dict[str, dict], rules_id: str) -> list[str]:
    chain: list[str] = []
    current = rules_id
    while current:
        if current not in documents:
            known = "、".join(sorted(documents)) or "无"
            where = f"规则集「{chain[-1]}」的 inherits" if chain else "规则集"
            raise UserError(f"没有规则集「{current}」（已有：{known}）", where=where)
        if current in chain or len(chain) >= _MAX_DEPTH:
            raise UserError("规则集的 inherits 形成循环：" + " → ".join(chain + [current]), where=f"规则集「{rules_id}」")
        doc = documents[current]
        if not isinstance(doc, dict):
            raise UserError("规则集文件应是一个 JSON 对象", where=f"规则集「{current}」")
        if doc.get("format") != FORMAT:
            raise UserError(f"format 应为 {FORMAT}", where=f"规则集「{current}」")
        if doc.get("id") != current:
            raise UserError(f"id「{doc.get('id')}」与文件名「{current}」不一致", where=f"规则集「{current}」")
        inherits = doc.get("inherits")
        if inherits is not None and not isinstance(inherits, str):
            raise UserError(f"inherits 应是上级规则集的 id（文字），而不是 {type(inherits).__name__}", where=f"规则集「{current}」")
        chain.append(current)
        current = inherits or ""
    return chain


def _merge(base: dict, child: dict, doc_id: str) -> dict:
    out = dict(base)
    for key, value in child.items():
        if key in ("parameters", "sources"):
            out[key] = {**base.get(key, {}), **_dict(value, doc_id, key)}
        elif key == "kinds":
            kinds = {k: dict(v) for k, v in base.get("kinds", {}).items()}
            for kind, fields in _dict(value, doc_id, key).items():
                kinds[kind] = {**kinds.get(kind, {}), **_dict(fields, doc_id, f"kinds.{kind}")}
            out[key] = kinds
        elif key == "organisations":
            orgs = {o["role"]: dict(o) for o in base.get("organisations", [])}
            order = [o["role"] for o in base.get("organisations", [])]
            for o in _list(value, doc_id, key):
                role = _dict(o, doc_id, key).get("role")
                if role not in ROLES:
                    raise UserError(f"未知的组织角色「{role}」（应为 {'、'.join(ROLES)}）", where=f"规则集「{doc_id}」organisations")
                if role not in orgs:
                    order.append(role)
                orgs[role] = {**orgs.get(role, {}), **o}
            out[key] = [orgs[r] for r in order]
        elif key == "rules":
            rules = {r["id"]: r for r in base.get("rules", [])}
            for r in _list(value, doc_id, key):
                rid = _dict(r, doc_id, key).get("id")
                if not isinstance(rid, str) or not rid:
                    raise UserError("规则缺少 id", where=f"规则集「{doc_id}」rules")
                if r.get("disabled"):
                    rules.pop(rid, None)
                else:
                    rules[rid] = {**rules.get(rid, {}), **r, "_from": doc_id}
            out[key] = list(rules.values())
        else:
            out[key] = value
    return out


def _dict(value, doc_id: str, key: str) -> dict:
    if not isinstance(value, dict):
        raise UserError(f"{key} 应是 JSON 对象", where=f"规则集「{doc_id}」")
    return value


def _list(value, doc_id: str, key: str) -> list:
    if not isinstance(value, list):
        raise UserError(f"{key} 应是 JSON 数组", where=f"规则集「{doc_id}」")
    return value


def _compile(doc: dict, chain: list[str], chars: CharTables | None) -> RuleSet:
    rid = chain[0]
    where = f"规则集「{rid}」"
    params = doc.get("parameters", {})
    sources = doc.get("sources", {})

    def value_of(v, key):
        if isinstance(v, str) and v.startswith("@"):
            name = v[1:]
            if name not in params:
                raise UserError(f"{key} 引用了不存在的参数「{name}」", where=where)
            v = params[name].get("value")
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0):
            raise UserError(f"{key} 应为正数或 null", where=where)
        return v

    kinds = {}
    for kind in KINDS:
        k = doc.get("kinds", {}).get(kind)
        if k is None:
            raise UserError(f"缺少牌子类型 kinds.{kind}", where=where)
        compiled = dict(k)
        for size_key in ("max_width_cm", "max_height_cm"):
            compiled[size_key] = value_of(k.get(size_key), f"kinds.{kind}.{size_key}")
            ref = k.get(size_key)
            compiled[size_key + "_param"] = ref[1:] if isinstance(ref, str) else None
        kinds[kind] = compiled

    rules = {}
    for r in doc.get("rules", []):
        rwhere = f"{where} 规则「{r.get('id')}」"
        if r.get("category") not in CATEGORIES:
            raise UserError(f"category 应为 {'、'.join(CATEGORIES)} 之一", where=rwhere)
        if r.get("severity") not in SEVERITIES:
            raise UserError(f"severity 应为 {'、'.join(SEVERITIES)} 之一", where=rwhere)
        if not isinstance(r.get("message"), str) or not r["message"]:
            raise UserError("缺少 message", where=rwhere)
        rules[r["id"]] = Rule(r["id"], r["category"], r["severity"], r["message"],
                              resolve_source(r.get("source"), sources, rwhere), r.get("basis", "verbatim"),
                              dict(r.get("messages") or {}), r.get("title") or r["id"])

    abbreviations = sorted((dict(a) for a in doc.get("abbreviations", [])), key=lambda a: -len(a["short"]))
    markers = doc.get("counterpart_markers", {})
    return RuleSet(
        id=rid, name=doc.get("name", rid), version=str(doc.get("version", "")), chain=chain, about=doc.get("about", ""),
        parameters={k: dict(v) for k, v in params.items()}, kinds=kinds,
        organisations=[dict(o) for o in doc.get("organisations", [])],
        required_signs=[dict(s) for s in doc.get("required_signs", [])], abbreviations=abbreviations,
        counterpart_markers=list(markers.get("values", []) if isinstance(markers, dict) else markers),
        fonts=dict(doc.get("fonts", {"allowed": ["song"], "refused": []})),
        scripts=dict(doc.get("scripts", {"required": ["zh"], "allowed": ["zh"]})),
        rules=rules, sources=dict(sources), chars=chars,
        counterpart_review=list(markers.get("review", []) if isinstance(markers, dict) else []),
    )


def resolve_source(source, sources: dict, where: str = "") -> dict:
    """A rule's or parameter's source with its `ref` replaced by the document and file."""
    if not isinstance(source, dict):
        raise UserError("缺少 source（出处）", where=where)
    out = {k: v for k, v in source.items() if k != "ref"}
    if "ref" in source:
        doc = sources.get(source["ref"])
        if doc is None:
            raise UserError(f"source 引用了不存在的文件「{source['ref']}」", where=where)
        out = {"document": doc["document"], "file": doc["file"], **out}
    for key in ("document", "file", "clause", "quote"):
        out.setdefault(key, "")
    return out
