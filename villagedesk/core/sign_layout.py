"""Where each character of a sign's name goes, in centimetres.

The spec sheet's drawing, its table of figures and the 1:1 tiles all read this one layout,
so the numbers a sign maker is given and the drawing can never disagree. Song characters
sit in square boxes with even gaps; the margin starts at about 11 % of the sign's short
side (common sign practice: the Dehong plan 第8条 fixes only the outer sizes) and grows
where the name is short. Yanbian signs carry a Korean line or column beside the Chinese
one; its order, arrangement and size ratio come in as parameters because the county has
not confirmed them (DOMAIN.md §4).

Coordinates: origin at the sign's top-left corner, x to the right, y downwards, all cm.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field

from villagedesk.core.errors import UserError

KIND_NAMES = {"strip": "条牌", "square": "方牌", "door": "门牌", "identifier": "标识牌", "guide": "指引牌"}

MARGIN_RATIO = 0.11          # of the short side: the smallest margin on every side
GAP = {"vertical": 0.15, "horizontal": 0.12}      # gap between character boxes ÷ character size
GAP_MAX = {"vertical": 0.60, "horizontal": 0.35}  # how far the gap may open up for a short name
KO_GAP = 0.04                # Hangul syllables of one word sit close together
KO_WORD_SPACE = 0.45         # a space between Korean words
LINE_GAP = 0.35              # between two lines of one script
SCRIPT_GAP = 0.40            # between the Chinese and the Korean line/column
WRAP_GAIN = 1.15             # wrap into two lines only if the characters grow by 15 %
# a line break reads best after the party prefix or a place name, or before the organ's name
BREAK_AFTER = ("中国共产党", "中共", "镇", "乡", "街道", "社区")
BREAK_BEFORE = ("党群服务中心", "村民委员会", "村务监督委员会", "总支部委员会", "支部委员会", "委员会",
                "股份经济合作社", "经济合作社", "新时代文明实践站", "文明实践站", "综合服务", "服务中心", "服务站")
# words a break must not cut
NO_BREAK = ("中国共产党", "新时代", "文明", "实践", "党群", "服务", "中心", "委员会", "支部", "经济", "合作社",
            "股份", "监督", "村务", "村民", "综合")
MIN_READABLE_CM = {"exterior": 3.0, "other": 1.5}
MAX_SIDE_CM = 2000.0

DEFAULT_PARAMS = {"ko_order": "ko_first", "ko_side": "top", "ko_ratio": 1.0}


@dataclass(frozen=True)
class Glyph:
    """One character's square box: top-left corner and side, cm."""

    ch: str
    x_cm: float
    y_cm: float
    size_cm: float


@dataclass
class TextLine:
    """One line (horizontal) or column (vertical) of one script."""

    script: str            # "zh" | "ko"
    text: str
    direction: str         # "horizontal" | "vertical"
    char_size_cm: float    # side of the square character box
    spacing_cm: float      # gap between neighbouring boxes (a Korean word space is wider)
    x_cm: float            # the line's bounding box
    y_cm: float
    width_cm: float
    height_cm: float
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass
class SignLayout:
    name: str
    name_ko: str
    kind: str
    width_cm: float
    height_cm: float
    direction: str
    char_height_cm: float   # the Chinese characters
    char_width_cm: float
    spacing_cm: float
    line_gap_cm: float      # between lines of the Chinese name (0 for one line)
    margin_top_cm: float    # sign edge to the nearest character box
    margin_bottom_cm: float
    margin_left_cm: float
    margin_right_cm: float
    min_margin_cm: float    # the margin the layout kept at the least
    ko_char_size_cm: float | None
    ko_spacing_cm: float | None
    script_gap_cm: float | None
    lines: list[TextLine]
    warnings: list[str]     # Chinese, for the user
    # the line whose first box sets the leading margin (top of a vertical sign, left of a
    # horizontal one): the spec sheet dimensions this line, so the drawing's figures are
    # the table's (margin_top_cm / margin_left_cm, its char_size_cm and spacing_cm)
    margin_line: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- input

def _number(spec: dict, key: str, label: str) -> float:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UserError(f"{label}须是以厘米计的数字，不是 {value!r}"[:80], where=key)
    if not math.isfinite(value) or value <= 0:
        raise UserError(f"{label}须大于 0 厘米，现为 {value}", where=key)
    if value > MAX_SIDE_CM:
        raise UserError(f"{label} {value} 厘米不合常理（超过 {MAX_SIDE_CM:.0f} 厘米），是否把毫米当成了厘米？", where=key)
    return float(value)


def _params(params: dict | None) -> dict:
    p = dict(DEFAULT_PARAMS)
    p.update({k: v for k, v in (params or {}).items() if k in DEFAULT_PARAMS and v is not None})
    if p["ko_order"] not in ("ko_first", "zh_first"):
        raise UserError(f"朝汉文字顺序只能是 ko_first 或 zh_first，不能是 {p['ko_order']!r}", where="ko_order")
    if p["ko_side"] not in ("top", "left"):
        raise UserError(f"朝鲜文位置只能是 top 或 left，不能是 {p['ko_side']!r}", where="ko_side")
    ratio = p["ko_ratio"]
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0.2 <= ratio <= 3:
        raise UserError(f"朝鲜文与汉文字高之比须在 0.2 到 3 之间，不能是 {ratio!r}", where="ko_ratio")
    p["ko_ratio"] = float(ratio)
    return p


# --------------------------------------------------------------------------- measuring

@dataclass
class _Line:
    script: str
    text: str
    factor: float  # character size relative to the Chinese one
    gap: float     # natural gap between boxes, in this line's character sizes

    def units(self) -> float:
        """Length in units of this line's own character size."""
        return _measure(self.text, self.gap)[0]


def _measure(text: str, gap: float) -> tuple[float, list[float]]:
    """(length, offsets of each non-space character) in character sizes."""
    return _measure_cm(text, 1.0, gap, KO_WORD_SPACE)


def _zh_splits(text: str) -> list[tuple[str, str, float]]:
    """Two-line splits of a Chinese name near its middle, with a bonus between words."""
    n = len(text)
    out = []
    for i in range(max(1, math.ceil(n * 0.25)), min(n - 1, math.floor(n * 0.75)) + 1):
        good = text[:i].endswith(BREAK_AFTER) or text[i:].startswith(BREAK_BEFORE)
        cuts = any(text.find(w, max(0, i - len(w) + 1), i + len(w) - 1) != -1 for w in NO_BREAK)
        out.append((text[:i], text[i:], WRAP_GAIN if good else 0.8 if cuts else 1.0))
    return out


def _ko_splits(text: str) -> list[tuple[str, str, float]]:
    words = text.split(" ")
    return [(" ".join(words[:i]), " ".join(words[i:]), 1.0) for i in range(1, len(words))]


def _block_options(script: str, text: str, factor: float, direction: str) -> list[tuple[list[_Line], float]]:
    """The ways one script's text may be set: one line, or (horizontal) two lines."""
    gap = KO_GAP if script == "ko" else GAP[direction]
    options = [([_Line(script, text, factor, gap)], 1.0)]
    if direction == "horizontal":
        splits = _zh_splits(text) if script == "zh" else _ko_splits(text)
        options += [([_Line(script, a, factor, gap), _Line(script, b, factor, gap)], bonus / WRAP_GAIN)
                    for a, b, bonus in splits]
    return options


# --------------------------------------------------------------------------- layout

def compute_layout(spec: dict, params: dict | None = None) -> SignLayout:
    """The layout of `spec` (name, kind, width_cm, height_cm, direction, scripts, name_ko,
    placement) with `params` (ko_order, ko_side, ko_ratio). Raises UserError for input
    that cannot be laid out; a layout that works but reads badly carries `warnings`.

    Two scripts: ko_order says which comes first; on a vertical sign the first is the left
    column, on a horizontal sign the first is the upper line (ko_side "top") or the left
    block (ko_side "left"); ko_ratio is the Korean character size over the Chinese one."""
    if not isinstance(spec, dict):
        raise UserError("牌子规格须是一个对象（JSON {…}）")
    p = _params(params)
    width = _number(spec, "width_cm", "宽度")
    height = _number(spec, "height_cm", "高度")
    kind = spec.get("kind") or "square"
    name = "".join(str(spec.get("name") or "").split())
    if not name:
        raise UserError("牌子名称为空", where="name")
    direction = spec.get("direction") or ("vertical" if kind == "strip" else "horizontal")
    if direction not in ("vertical", "horizontal"):
        raise UserError(f"文字方向只能是 vertical（竖排）或 horizontal（横排），不能是 {direction!r}"[:80], where="direction")
    scripts = spec.get("scripts") or ["zh"]
    name_ko = " ".join(str(spec.get("name_ko") or "").split())
    warnings: list[str] = []
    if "ko" in scripts and not name_ko:
        warnings.append("要求朝汉两种文字，但没有填写朝鲜文名称；图中只排了汉文")
    two = "ko" in scripts and bool(name_ko)

    zh_opts = _block_options("zh", name, 1.0, direction)
    ko_opts = _block_options("ko", name_ko, p["ko_ratio"], direction) if two else [([], 1.0)]
    ko_first = p["ko_order"] == "ko_first"
    side_by_side = direction == "vertical" or p["ko_side"] == "left"

    margin = MARGIN_RATIO * min(width, height)
    avail_w, avail_h = width - 2 * margin, height - 2 * margin

    best: tuple[float, float, list[list[_Line]]] | None = None
    for zh_lines, zh_bonus in zh_opts:
        for ko_lines, ko_bonus in ko_opts:
            blocks = [b for b in ((ko_lines, zh_lines) if ko_first else (zh_lines, ko_lines)) if b]
            size = _fit(blocks, direction, side_by_side, avail_w, avail_h)
            score = size * zh_bonus * ko_bonus
            if best is None or score > best[0] + 1e-9:
                best = (score, size, blocks)
    assert best is not None  # _block_options always offers at least one arrangement
    _, size, blocks = best
    if size < 0.05:
        raise UserError(f"名称有 {len(name)} 个字，{width:g}×{height:g} 厘米的牌子上排不下", where="name")

    lines = _place(blocks, size, direction, side_by_side, width, height, avail_w, avail_h)
    boxes = [g for ln in lines for g in ln.glyphs]
    top = min(g.y_cm for g in boxes)
    left = min(g.x_cm for g in boxes)
    bottom = height - max(g.y_cm + g.size_cm for g in boxes)
    right = width - max(g.x_cm + g.size_cm for g in boxes)

    zh = [ln for ln in lines if ln.script == "zh"]
    ko = [ln for ln in lines if ln.script == "ko"]
    vertical = direction == "vertical"
    margin_line = min(range(len(lines)), key=lambda i: (
        round(lines[i].glyphs[0].y_cm if vertical else lines[i].glyphs[0].x_cm, 2),
        lines[i].script != "zh", i if vertical else -i))
    size = zh[0].char_size_cm
    placement = spec.get("placement") or ("exterior" if kind in ("strip", "identifier") else "other")
    floor = MIN_READABLE_CM["exterior" if placement == "exterior" else "other"]
    where_text = "室外牌子" if placement == "exterior" else "牌子"
    if size < floor:
        warnings.append(f"名称较长，汉字字高只有 {size:.1f} 厘米，{where_text}的字高宜不小于 {floor:g} 厘米，"
                        "远处难以看清：请在规定尺寸内加大牌子，或与县里确认排法")
    if ko and ko[0].char_size_cm < floor:
        warnings.append(f"朝鲜文字高只有 {ko[0].char_size_cm:.1f} 厘米，{where_text}的字高宜不小于 {floor:g} 厘米")
    line_gap = (zh[1].y_cm - zh[0].y_cm - size) if len(zh) == 2 else 0.0
    script_gap = _mm_floor(SCRIPT_GAP * max(size, ko[0].char_size_cm)) if ko else None
    r = lambda v: round(v, 2)
    return SignLayout(
        name=name, name_ko=name_ko if two else "", kind=kind, width_cm=width, height_cm=height,
        direction=direction, char_height_cm=r(size), char_width_cm=r(size),
        spacing_cm=r(zh[0].spacing_cm), line_gap_cm=r(line_gap),
        margin_top_cm=r(top), margin_bottom_cm=r(bottom), margin_left_cm=r(left), margin_right_cm=r(right),
        min_margin_cm=round(margin, 3),
        ko_char_size_cm=r(ko[0].char_size_cm) if ko else None,
        ko_spacing_cm=r(ko[0].spacing_cm) if ko else None,
        script_gap_cm=r(script_gap) if script_gap is not None else None,
        lines=lines, warnings=warnings, margin_line=margin_line,
    )


def _block_extent(block: list[_Line], direction: str) -> tuple[float, float]:
    """(along the text, across it) of a block, in Chinese character sizes."""
    along = max(ln.units() * ln.factor for ln in block)
    f = block[0].factor
    across = len(block) * f + (len(block) - 1) * LINE_GAP * f
    return along, across


def _fit(blocks: list[list[_Line]], direction: str, side_by_side: bool, avail_w: float, avail_h: float) -> float:
    """The largest Chinese character size that fits every block."""
    extents = [_block_extent(b, direction) for b in blocks]
    gaps = [SCRIPT_GAP * max(a[0].factor, b[0].factor) for a, b in itertools.pairwise(blocks)]
    if direction == "vertical":
        # columns side by side: across = widths, along = lengths
        return min(avail_w / (sum(e[1] for e in extents) + sum(gaps)), avail_h / max(e[0] for e in extents))
    if side_by_side:
        return min(avail_w / (sum(e[0] for e in extents) + sum(gaps)), avail_h / max(e[1] for e in extents))
    return min(avail_w / max(e[0] for e in extents), avail_h / (sum(e[1] for e in extents) + sum(gaps)))


def _mm_floor(v: float) -> float:
    """Down to a whole millimetre (the sign maker's unit); below 1 cm to 0.1 mm."""
    step = 10 if v >= 1 else 100
    return math.floor(v * step + 1e-9) / step


def _measure_cm(text: str, cs: float, gap: float, word: float) -> tuple[float, list[float]]:
    """(length, offset of each non-space character) in cm."""
    offsets: list[float] = []
    pos, after_space = 0.0, False
    for ch in text:
        if ch == " ":
            after_space = True
            continue
        if offsets:
            pos += word if after_space else gap
        offsets.append(pos)
        pos += cs
        after_space = False
    return pos, offsets


def _place(blocks, size, direction, side_by_side, width, height, avail_w, avail_h) -> list[TextLine]:
    """Boxes for every character, with sizes and gaps in whole millimetres, centred."""
    vertical = direction == "vertical"
    sizes = [_mm_floor(b[0].factor * size) for b in blocks]
    gaps = [_mm_floor(SCRIPT_GAP * max(sa, sb)) for sa, sb in itertools.pairwise(sizes)]
    # the Chinese gap opens up (to GAP_MAX) when the name is short, not when two scripts
    # stand side by side on a horizontal sign (they share the width)
    room_along = avail_h if vertical else avail_w
    block_gaps, words = [], []
    for block, cs in zip(blocks, sizes):
        ln = max(block, key=lambda x: x.units())
        ratio = ln.gap
        n = sum(1 for ch in ln.text if ch != " ")
        if ln.script == "zh" and n > 1 and (vertical or not side_by_side):
            spare = room_along - ln.units() * cs
            ratio = min(GAP_MAX[direction], ratio + max(0.0, spare) / (cs * (n - 1)))
        block_gaps.append(_mm_floor(ratio * cs))
        words.append(_mm_floor(KO_WORD_SPACE * cs))

    def line_len(ln: _Line, bi: int) -> float:
        return _measure_cm(ln.text, sizes[bi], block_gaps[bi], words[bi])[0]

    line_gaps = [_mm_floor(LINE_GAP * cs) for cs in sizes]
    across = [len(b) * cs + (len(b) - 1) * lg for b, cs, lg in zip(blocks, sizes, line_gaps)]
    along = [max(line_len(ln, bi) for ln in b) for bi, b in enumerate(blocks)]

    out: list[TextLine] = []
    if vertical or side_by_side:
        cursor = (width - ((sum(across) if vertical else sum(along)) + sum(gaps))) / 2
    else:
        cursor = (height - (sum(across) + sum(gaps))) / 2
    for bi, block in enumerate(blocks):
        cs, step = sizes[bi], sizes[bi] + line_gaps[bi]
        args = (cs, block_gaps[bi], words[bi])
        if vertical:
            x = cursor
            for ln in block:
                out.append(_make_line(ln, *args, x, (height - line_len(ln, bi)) / 2, "vertical"))
                x += step
            cursor += across[bi]
        elif side_by_side:
            # a block of lines stacked, centred in its own column of width along[bi]
            y = (height - across[bi]) / 2
            for ln in block:
                out.append(_make_line(ln, *args, cursor + (along[bi] - line_len(ln, bi)) / 2, y, "horizontal"))
                y += step
            cursor += along[bi]
        else:
            y = cursor
            for ln in block:
                out.append(_make_line(ln, *args, (width - line_len(ln, bi)) / 2, y, "horizontal"))
                y += step
            cursor += across[bi]
        if bi < len(gaps):
            cursor += gaps[bi]
    return out


def _make_line(ln: _Line, cs: float, gap: float, word: float, x: float, y: float, direction: str) -> TextLine:
    length, offsets = _measure_cm(ln.text, cs, gap, word)
    chars = [ch for ch in ln.text if ch != " "]
    glyphs = []
    for ch, off in zip(chars, offsets):
        gx, gy = (x, y + off) if direction == "vertical" else (x + off, y)
        glyphs.append(Glyph(ch, round(gx, 3), round(gy, 3), cs))
    w, h = (cs, length) if direction == "vertical" else (length, cs)
    return TextLine(ln.script, ln.text, direction, cs, gap, round(x, 3), round(y, 3), round(w, 3), round(h, 3), glyphs)
