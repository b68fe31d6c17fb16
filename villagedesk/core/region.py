"""Statistical region codes (统计用区划代码) and which catalogues apply where.

12 digits = province 2 + prefecture 2 + county 2 + township 3 + village 3
(../shared/reference/DOMAIN.md §6). A catalogue names its jurisdiction by a 6-digit
administrative code (000000 for the national baseline); it applies to a desk when its
significant prefix starts the desk's region code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NATIONAL = "000000"
# ASCII digits only, and no trailing newline: \d and $ would also let ５３３１０３ or "533103\n"
# through, a code that then matches no region and silently applies nowhere
_CODE12 = re.compile(r"[0-9]{12}")
_CODE6 = re.compile(r"[0-9]{6}")

LEVELS = {"village": "村", "township": "乡镇", "county": "县"}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county | town | village (as in the NBS data)
    parent_code: str


def is_region_code(code: str) -> bool:
    return bool(_CODE12.fullmatch(code or ""))


def is_jurisdiction_code(code: str) -> bool:
    return bool(_CODE6.fullmatch(code or ""))


def significant_prefix(code: str) -> str:
    """530000 → 53, 533100 → 5331, 533103 → 533103, 000000 → '' (applies everywhere)."""
    code = (code or "").strip()
    if code == NATIONAL:
        return ""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    # a township part of 3 digits: 533103105000 → 533103105
    while len(code) > 6 and code.endswith("000"):
        code = code[:-3]
    return code


def applies_to(jurisdiction_code: str, region_code: str) -> bool:
    return region_code.startswith(significant_prefix(jurisdiction_code))


def specificity(jurisdiction_code: str) -> int:
    """Longer prefixes are more specific: a county item shadows a national one."""
    return len(significant_prefix(jurisdiction_code))


def county_code(region_code: str) -> str:
    return region_code[:6]


def township_code(region_code: str) -> str:
    return region_code[:9] + "000"


def parse_regions_csv(text: str) -> list[Region]:
    """The `code,name,level,parent_code` files of resources/regions/."""
    regions = []
    for i, line in enumerate(text.splitlines()):
        if i == 0 or not line.strip():
            continue
        code, name, level, parent = (line.split(",") + ["", "", "", ""])[:4]
        regions.append(Region(code.strip(), name.strip(), level.strip(), parent.strip()))
    return regions
