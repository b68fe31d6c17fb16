"""The full names of an office's organisations (党组织, 村民委员会, 村务监督委员会, 集体经济组织,
党群服务中心, 新时代文明实践站), proposed ONCE from the committee's legal name when the desk is
set up, shown to the clerk, then stored. Printouts read only the stored names: gluing a suffix
to a name at print time is how 江口村村民委员会 became 江口村村村务监督委员会.

The templates are data (resources/names/org-names.json, with their source); this module
knows the grammar of the legal name: where the place (江口村, 兴侨社区) ends.
"""

from __future__ import annotations

from villagedesk.core.signs.names import ROLE_NAMES, find_abbreviations, normalise

ROLES = ("party", "committee", "supervision", "collective", "service_center", "civilization_station")
ROLE_LABELS = {role: ROLE_NAMES[role] for role in ROLES}
NOT_REGISTERED = "未登记{label}的批准全称，请在“设置”的“单位信息”中填写"


def not_registered(role: str) -> str:
    """What a printout says instead of a name the desk does not have."""
    return NOT_REGISTERED.format(label=ROLE_LABELS.get(role, role))


def place_of(legal_name: str) -> tuple[str, str]:
    """(place, kind) as the legal name writes the place, ending in 村 or 社区 exactly once:
    江口村村民委员会 and 江口村民委员会 → (江口村, village); 兴侨社区居民委员会 → (兴侨社区,
    community); a bare place (江口村, 向阳社区) is itself. ('', '') for anything else — a
    居民委员会 without 社区, a township, or a short form such as 九龙村委会."""
    n = normalise(legal_name)
    if n.endswith("社区居民委员会") and len(n) > 7:
        return n[:-5], "community"
    if n.endswith("村村民委员会") and len(n) > 6:
        return n[:-5], "village"
    if n.endswith("村民委员会") and len(n) > 5:
        return n[:-4], "village"
    if n.endswith("社区") and len(n) > 2:
        return n, "community"
    if n.endswith("村") and len(n) > 1:
        return n, "village"
    return "", ""


def derive(legal_name: str, level: str, data: dict) -> list[dict]:
    """The proposed names, in ROLES order, each {"role", "name", "derived": True}; [] for a
    township or county office, and only what the name allows (never a guess) otherwise."""
    if level != "village":
        return []
    name = normalise(legal_name)
    place, kind = place_of(name)
    spec = (data.get("kinds") or {}).get(kind) or {}
    names: dict[str, str] = {}
    if name.endswith(("村民委员会", "居民委员会")) and len(name) > 5:
        names["committee"] = name
    elif place and spec.get("committee_suffix"):
        suffix = spec["committee_suffix"]
        # the 村 of the place and of 村民委员会 are one: 江口村 → 江口村民委员会
        names["committee"] = (place[:-1] if kind == "village" else place) + suffix
    if place:
        for role, template in (spec.get("templates") or {}).items():
            names[role] = template.replace("{地名}", place)
    return [{"role": role, "name": names[role], "derived": True} for role in ROLES if role in names]


def short_form_problem(name: str, abbreviations: list[dict]) -> str:
    """A short or statistical form inside a name meant to be a legal one (九龙村委会, 江口村党支部),
    with the full form to write instead; '' when there is none."""
    found = find_abbreviations(name, abbreviations)
    if not found:
        return ""
    short, full = found[0]["short"], found[0]["full"]
    text = normalise(name)
    start = found[0]["position"]
    # 九龙村委会 → 九龙村民委员会 (村委会 stands for 村民委员会; its 村 is the village's own) —
    # only for a short form that ends the name: inside one (江口村监委会) the rest is unknown
    ends = start + len(short) == len(text)
    example = f"，如「{text[:start] + full}」" if ends and "×" not in full else ""
    return f"「{short}」是简称或统计用名称，不是批准的全称（应写作「{full}」{example}）"
