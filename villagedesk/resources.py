"""Find and load the embedded data files (resources/ and forms/), wherever the app runs:
a source checkout, an installed wheel (villagedesk/_data) or a PyInstaller bundle."""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path

from villagedesk.core.errors import UserError


class MissingResource(UserError):
    """A file of the program itself is missing (a half-copied install, an antivirus that
    quarantined a font): said plainly, with the way forward, never as an internal error."""

    def __init__(self, what: str):
        super().__init__(f"程序文件不完整：缺少 {what}。请重新安装村务桌面（数据文件夹和台账不受影响）")


@cache
def data_root() -> Path:
    """The folder holding resources/ and forms/."""
    env = os.environ.get("VILLAGEDESK_RESOURCES")
    candidates = [Path(env)] if env else []
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)))
    here = Path(__file__).resolve().parent
    candidates += [here.parent, here / "_data"]
    for root in candidates:
        if (root / "resources" / "catalogues").is_dir():
            return root
    raise MissingResource("resources/ 文件夹")


def resource(*parts: str) -> Path:
    return data_root().joinpath("resources", *parts)


def required(*parts: str) -> Path:
    """The path of a file the program ships, or MissingResource naming it."""
    path = resource(*parts)
    if not path.is_file():
        raise MissingResource("resources/" + "/".join(parts))
    return path


def read_json(*parts: str) -> dict:
    return json.loads(required(*parts).read_text(encoding="utf-8"))


@cache
def char_tables():
    from villagedesk.core.chars import CharTables, parse_opencc_table, parse_standard_table

    standard = parse_standard_table(resource("chars", "tongyong_guifan_hanzi_2013.tsv").read_text(encoding="utf-8"))
    t2s = parse_opencc_table(resource("chars", "opencc_TSCharacters.txt").read_text(encoding="utf-8"))
    return CharTables(standard, t2s)


@cache
def regions() -> dict:
    from villagedesk.core.region import parse_regions_csv

    out = {}
    for path in sorted(resource("regions").glob("*.csv")):
        for r in parse_regions_csv(path.read_text(encoding="utf-8")):
            out[r.code] = r
    return out


@cache
def jurisdictions() -> list[dict]:
    return read_json("jurisdictions.json")["jurisdictions"]


def jurisdiction_for(region_code: str) -> dict | None:
    """The named jurisdiction whose region prefix is the longest match (None: none matches)."""
    best: dict | None = None
    for j in jurisdictions():
        if region_code.startswith(j["region_prefix"]) and (best is None or len(j["region_prefix"]) > len(best["region_prefix"])):
            best = j
    return best


@cache
def clauses() -> dict:
    return read_json("policy", "clauses.json")


def embedded_catalogues(*, demo: bool = True) -> list[Path]:
    """The catalogue files shipped with the program: the baseline, plus the demo ones if asked."""
    listed = read_json("catalogues", "embedded.json")["catalogues"]
    return [resource("catalogues", c["file"]) for c in listed if c["kind"] == "baseline" or demo]


def font_path() -> Path:
    return required("fonts", "VillageDeskSerifSC-Regular.ttf")


def korean_font_path() -> Path:
    """The Hangul companion face for bilingual (Yanbian) signs."""
    return required("fonts", "VillageDeskSerifKR-Regular.ttf")


def forms_dir() -> Path:
    """The bundled certificate forms (one TOML file per certificate type)."""
    return data_root() / "forms"


def calendar_path() -> Path:
    """The State Council holiday schedule a county officer keeps up to date."""
    return resource("calendar", "holidays.json")
