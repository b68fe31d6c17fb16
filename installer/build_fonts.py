#!/usr/bin/env python3
"""Build resources/fonts/VillageDeskSerif{SC,KR}-Regular.ttf from Debian's Noto Serif CJK.

Why this script exists
----------------------
VillageDesk prints certificates (证明), notices and signboards that must look
identical on every village office PC and must embed their font in the PDF.
Relying on whatever CJK font happens to be installed is not reproducible, and
the upstream Noto Serif CJK files cannot be used directly:

* they are a 26 MB TrueType *Collection* whose first face is Japanese - the
  Simplified Chinese face must be picked by its name, never by index;
* their outlines are CFF (PostScript), which reportlab's ``TTFont`` refuses
  ("postscript outlines are not supported");
* they are far too large to ship and embed.

So this script takes the "Noto Serif CJK SC" face, subsets it to the
characters a village office needs (the 8,105 characters of 《通用规范汉字表》,
all GB2312 hanzi, Latin/Latin-1, CJK and fullwidth punctuation and a few form
symbols), converts the cubic CFF outlines to quadratic TrueType (glyf/loca)
outlines, and renames the family to "VillageDesk Serif SC" (the SIL OFL 1.1
allows modified versions under a new name; the new name also keeps it from
clashing with an installed Noto).  Vertical-writing features ('vert'/'vrt2'
GSUB, vertical metrics) are kept because signboards are printed vertically.

``--face kr`` builds the Korean companion face, "VillageDesk Serif KR", from
the "Noto Serif CJK KR" face of the same collection: the 11,172 Hangul
syllables (U+AC00-U+D7A3), Hangul compatibility jamo, ASCII and the common
punctuation only.  Yanbian's signs carry Korean beside Chinese
(延边朝鲜族自治州朝鲜语言文字工作条例); the SC face has no Hangul, and the
KR face's hanja are Korean glyph shapes, so Chinese stays on the SC face and
only Hangul is drawn with this one.

The build is deterministic: the same source font, character list and
fontTools version give a byte-identical file (fixed head timestamps, no
timestamp recalculation, no glyph names).

Usage::

    apt-get install fonts-noto-cjk && pip install fonttools
    python installer/build_fonts.py [--face sc|kr] [--source FILE.ttc]
                                    [--chars-file FILE] [--extra-chars TEXT]
                                    [--output FILE.ttf]

Prints a JSON summary on stdout.  Exits with status 1 if a character of the
character list (--chars-file, default 《通用规范汉字表》; for kr: the Hangul
syllables) is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.misc.timeTools import timestampFromString
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSerifCJK-Regular.ttc"),
]
# the project's own copy of the 《通用规范汉字表》 table
DEFAULT_CHARS_FILE = REPO / "resources" / "chars" / "tongyong_guifan_hanzi_2013.tsv"
DEFAULT_OUTPUT = REPO / "resources" / "fonts" / "VillageDeskSerifSC-Regular.ttf"
KR_OUTPUT = REPO / "resources" / "fonts" / "VillageDeskSerifKR-Regular.ttf"

STYLE = "Regular"
# per face: source family, new family, PostScript name, kept language system
FACES = {
    "sc": {"source_family": "Noto Serif CJK SC", "family": "VillageDesk Serif SC",
           "ps_name": "VillageDeskSerifSC-Regular", "langsys": {"ZHS "}, "output": DEFAULT_OUTPUT},
    "kr": {"source_family": "Noto Serif CJK KR", "family": "VillageDesk Serif KR",
           "ps_name": "VillageDeskSerifKR-Regular", "langsys": {"KOR "}, "output": KR_OUTPUT},
}
# set by main() from FACES (module-level so the helpers below keep their signatures)
SOURCE_FAMILY = FACES["sc"]["source_family"]
FAMILY = FACES["sc"]["family"]
PS_NAME = FACES["sc"]["ps_name"]
# Fixed so that rebuilding gives a byte-identical file (upstream release date).
FIXED_TIMESTAMP = timestampFromString("Thu Jan 27 00:00:00 2022")
MAX_ERR = 1.0  # cu2qu approximation tolerance, font units (UPM 1000)

# Script/LangSys entries of GSUB/GPOS kept.  The TTC shares one glyph set
# between JP/KR/SC/TC/HK; the other language systems' 'locl'/'vert' lookups
# would pull in thousands of non-Chinese glyph variants.
KEEP_LANGSYS = FACES["sc"]["langsys"]
LAYOUT_FEATURES = [
    "ccmp", "liga", "calt", "kern", "mark", "mkmk",
    "halt", "palt",                      # CJK punctuation spacing
    "vert", "vrt2", "vhal", "vpal", "vkrn",  # vertical writing (signboards)
]

EXPLICIT_CHARS = (
    "〇×·—…《》〈〉「」『』【】〔〕"
    "□■○●√☐☑✓"
)
RANGES = {
    "ascii": (0x20, 0x7E),
    "latin1": (0xA0, 0xFF),
    "cjk_symbols_punctuation": (0x3000, 0x303F),
    "fullwidth_forms": (0xFF00, 0xFFEF),
    "general_punctuation": (0x2000, 0x206F),
    "circled_1_20": (0x2460, 0x2473),
}
# the Korean face: Hangul only, plus what sits between Korean words on a sign
KR_CHARS_RANGE = (0xAC00, 0xD7A3)  # the 11,172 precomposed syllables
KR_RANGES = {
    "ascii": (0x20, 0x7E),
    "hangul_compatibility_jamo": (0x3131, 0x318E),
    "cjk_symbols_punctuation": (0x3000, 0x3003),
}
KR_EXPLICIT_CHARS = "·—…‘’“”《》〈〉「」『』【】（），：；！？"


# --------------------------------------------------------------------------
# character sets

def read_chars_file(path: Path) -> list[str]:
    """TSV like tongyong_guifan_hanzi_2013.tsv (column 2 = char, '#' comments);
    a line without a tab contributes each of its non-blank characters."""
    chars: list[str] = []
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        items = [cols[1].strip()] if len(cols) >= 2 else [c for c in line if not c.isspace()]
        for ch in items:
            if len(ch) != 1:
                raise SystemExit(f"{path}: bad character field {ch!r} in line {line!r}")
            if ch not in seen:
                seen.add(ch)
                chars.append(ch)
    return chars


def gb2312_hanzi() -> list[str]:
    """All hanzi of GB2312 (rows 16-87), by decoding every valid code."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def range_chars(lo: int, hi: int) -> list[str]:
    """Assigned, non-control code points of a range (unassigned ones are not requested)."""
    return [chr(c) for c in range(lo, hi + 1) if unicodedata.category(chr(c)) not in ("Cn", "Cc", "Cs")]


# --------------------------------------------------------------------------
# source font

def family_names(font: TTFont) -> set[str]:
    names = set()
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            try:
                names.add(rec.toUnicode())
            except UnicodeDecodeError:
                pass
    return names


def open_sc_face(path: Path) -> tuple[TTFont, int | None]:
    """Open the face whose family is 'Noto Serif CJK SC' (never assume an index)."""
    with open(path, "rb") as fh:
        is_collection = fh.read(4) == b"ttcf"
    if not is_collection:
        font = TTFont(path, lazy=False)
        if not any(SOURCE_FAMILY in n for n in family_names(font)):
            raise SystemExit(f"{path}: not a {SOURCE_FAMILY} font: {sorted(family_names(font))}")
        return font, None
    coll = TTCollection(path, lazy=True)
    found = [i for i, f in enumerate(coll.fonts) if any(SOURCE_FAMILY in n for n in family_names(f))]
    faces = [sorted(family_names(f)) for f in coll.fonts]
    coll.close()
    if len(found) != 1:
        raise SystemExit(f"{path}: expected exactly one '{SOURCE_FAMILY}' face, faces are {faces}")
    return TTFont(path, fontNumber=found[0], lazy=False), found[0]


def prune_langsys(font: TTFont) -> None:
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for sr in font[tag].table.ScriptList.ScriptRecord:
            recs = [r for r in sr.Script.LangSysRecord if r.LangSysTag in KEEP_LANGSYS]
            sr.Script.LangSysRecord = recs
            sr.Script.LangSysCount = len(recs)


# --------------------------------------------------------------------------
# CFF -> TrueType

def tt_glyph(draw, glyph_set=None):
    pen = TTGlyphPen(glyph_set)
    draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
    return pen.glyph(dropImpliedOnCurves=True)


def convert_to_truetype(font: TTFont) -> None:
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {name: tt_glyph(gs[name].draw) for name in order}
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font.sfntVersion = "\x00\x01\x00\x00"  # was 'OTTO' (CFF flavour)

    vorg = font["VORG"] if "VORG" in font else None
    _recalc_side_bearings(font, vorg)

    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    # maxPoints/maxContours/... are recomputed from glyf on save.

    head = font["head"]
    head.glyphDataFormat = 0
    # bit 1: left side bearing point at x=0 (true: lsb == xMin below)
    head.flags |= 1 << 1

    post = font["post"]
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)

    gasp = newTable("gasp")  # unhinted TrueType: smooth at every size
    gasp.version = 1
    gasp.gaspRange = {0xFFFF: 0x000F}
    font["gasp"] = gasp


def _recalc_side_bearings(font: TTFont, vorg) -> None:
    """lsb = xMin; tsb keeps the CFF vertical origin (VORG) exactly."""
    glyf = font["glyf"]
    hmtx = font["hmtx"].metrics
    vmtx = font["vmtx"].metrics if "vmtx" in font else None
    for name, g in glyf.glyphs.items():
        if g.numberOfContours == 0:
            continue
        g.recalcBounds(glyf)
        adv, _ = hmtx[name]
        hmtx[name] = (adv, g.xMin)
        if vmtx is not None:
            vadv, vtsb = vmtx[name]
            if vorg is not None:
                origin = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
                vtsb = origin - g.yMax
            vmtx[name] = (vadv, vtsb)


# --------------------------------------------------------------------------
# ☐ / ☑ are not in Noto CJK: draw them from □ and ✓ if requested

def synthesize_checkboxes(font: TTFont, wanted: set[int]) -> list[str]:
    cmap = font.getBestCmap()
    box, check = cmap.get(0x25A1), cmap.get(0x2713)
    if box is None:
        return []
    glyf = font["glyf"]
    gs = font.getGlyphSet()
    made = []
    specs = {0x2610: []}  # ☐ = □
    if check is not None:
        # ☑ = □ + ✓ scaled by 0.62 and centred in the box (box 100..900 x -20..780)
        specs[0x2611] = [(check, 0.62)]
    for cp, extra in specs.items():
        if cp not in wanted or cp in cmap:
            continue
        name = f"uni{cp:04X}"

        def draw(pen, extra=extra):
            gs[box].draw(pen)
            for gname, sx in extra:
                # centre the scaled mark on the box centre
                b = glyf[gname]
                cx = (b.xMin + b.xMax) / 2 * sx
                cy = (b.yMin + b.yMax) / 2 * sx
                bb = glyf[box]
                tx = (bb.xMin + bb.xMax) / 2 - cx
                ty = (bb.yMin + bb.yMax) / 2 - cy
                gs[gname].draw(TransformPen(pen, (sx, 0, 0, sx, tx, ty)))

        # the drawn glyf outlines are already quadratic: no cu2qu needed
        pen = TTGlyphPen(None)
        draw(pen)
        g = pen.glyph()
        order = font.getGlyphOrder() + [name]
        font.setGlyphOrder(order)
        glyf.glyphOrder = order
        glyf.glyphs[name] = g
        g.recalcBounds(glyf)
        font["hmtx"].metrics[name] = (font["hmtx"].metrics[box][0], g.xMin)
        if "vmtx" in font:
            vadv, vtsb = font["vmtx"].metrics[box]
            box_g = glyf[box]
            font["vmtx"].metrics[name] = (vadv, vtsb + box_g.yMax - g.yMax)
        for t in font["cmap"].tables:
            if t.isUnicode() and t.format in (4, 12):
                t.cmap[cp] = name
        made.append(chr(cp))
    return made


# --------------------------------------------------------------------------
# naming

def rename(font: TTFont) -> None:
    name = font["name"]
    version = f"Version {font['head'].fontRevision:.3f}"
    replaced = {
        1: FAMILY,
        2: STYLE,
        3: f"{font['head'].fontRevision:.3f};VillageDesk;{PS_NAME}",
        4: FAMILY,
        5: f"{version}; VillageDesk subset of {SOURCE_FAMILY}",
        6: PS_NAME,
        16: FAMILY,
        17: STYLE,
    }
    # drop every (also localised, e.g. zh-CN) record we rename, keep the rest
    # (copyright 0, trademark 7, manufacturer 8, designer 9, description 10,
    # URLs 11/12, licence 13/14)
    name.names = [r for r in name.names if r.nameID not in replaced]
    for nid, text in replaced.items():
        name.setName(text, nid, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))


# --------------------------------------------------------------------------

def dpkg_version(package: str) -> str | None:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def find_source(arg: str | None) -> Path:
    if arg:
        p = Path(arg)
        if not p.is_file():
            raise SystemExit(f"--source {p} does not exist")
        return p
    for p in DEFAULT_SOURCES:
        if p.is_file():
            return p
    raise SystemExit("Noto Serif CJK not found: apt-get install fonts-noto-cjk (or pass --source)")


def main(argv: list[str] | None = None) -> int:
    global SOURCE_FAMILY, FAMILY, PS_NAME, KEEP_LANGSYS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--face", choices=sorted(FACES), default="sc",
                    help="sc: Simplified Chinese (default); kr: Korean (Hangul) companion face")
    ap.add_argument("--source", help="NotoSerifCJK-Regular.ttc (or a Noto Serif CJK SC .otf)")
    ap.add_argument("--chars-file", default=None,
                    help="TSV with the character in column 2 (default: 通用规范汉字表; kr: Hangul syllables)")
    ap.add_argument("--extra-chars", default="", help="further characters to include")
    ap.add_argument("--output", default=None)
    args = ap.parse_args(argv)
    face = FACES[args.face]
    SOURCE_FAMILY, FAMILY, PS_NAME = face["source_family"], face["family"], face["ps_name"]
    KEEP_LANGSYS = face["langsys"]
    output = args.output or str(face["output"])

    t0 = time.monotonic()
    source = find_source(args.source)
    if args.face == "kr":
        table_chars = read_chars_file(Path(args.chars_file)) if args.chars_file else range_chars(*KR_CHARS_RANGE)
        groups: dict[str, list[str]] = {
            "chars_file": table_chars,
            "explicit": list(KR_EXPLICIT_CHARS) + list(args.extra_chars),
        }
        ranges = KR_RANGES
    else:
        table_chars = read_chars_file(Path(args.chars_file or DEFAULT_CHARS_FILE))
        groups = {
            "chars_file": table_chars,
            "gb2312": gb2312_hanzi(),
            "explicit": list(EXPLICIT_CHARS) + list(args.extra_chars),
        }
        ranges = RANGES
    for key, (lo, hi) in ranges.items():
        groups[key] = range_chars(lo, hi)
    wanted = {ord(c) for chars in groups.values() for c in chars}

    font, face_index = open_sc_face(source)
    src_cmap = font.getBestCmap()
    prune_langsys(font)

    opts = subset.Options()
    opts.layout_features = LAYOUT_FEATURES
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.recommended_glyphs = True
    opts.hinting = False
    opts.desubroutinize = True
    opts.glyph_names = False
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = True
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=sorted(wanted & set(src_cmap)))
    subsetter.subset(font)

    convert_to_truetype(font)
    synthesized = synthesize_checkboxes(font, wanted) if args.face == "sc" else []
    rename(font)
    head = font["head"]
    head.created = head.modified = FIXED_TIMESTAMP

    buf = io.BytesIO()
    font.recalcTimestamp = False
    font.recalcBBoxes = True
    font.save(buf, reorderTables=True)
    data = buf.getvalue()
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)

    # re-read what was written and check coverage
    built = TTFont(io.BytesIO(data))
    cmap = built.getBestCmap()
    missing = {k: [f"U+{ord(c):04X}" for c in v if ord(c) not in cmap] for k, v in groups.items()}
    summary = {
        "output": str(out),
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "family": built["name"].getDebugName(1),
        "glyph_count": built["maxp"].numGlyphs,
        "covered_chars": len(cmap),
        "requested_chars": len(wanted),
        "chars_file_chars": len(table_chars),
        "chars_file_missing": len(missing["chars_file"]),
        "gb2312_hanzi": len(groups.get("gb2312", ())),
        # requested characters the source font has no glyph for
        "missing_from_source": {k: " ".join(v) for k, v in missing.items() if v},
        "synthesized": "".join(synthesized),
        "source": str(source),
        "source_face_index": face_index,
        "source_family": SOURCE_FAMILY,
        "source_package": dpkg_version("fonts-noto-cjk"),
        "tables": sorted(t for t in built.keys() if t != "GlyphOrder"),
        "build_seconds": round(time.monotonic() - t0, 1),
    }
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 1 if missing["chars_file"] else 0


if __name__ == "__main__":
    sys.exit(main())
