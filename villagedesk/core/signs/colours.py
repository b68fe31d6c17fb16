"""Sign colours: hex parsing, naive CMYK, and colour *families* (red / black / white).

The rules speak of families (白底红字、白底黑字), not exact values, so a sign maker's dark
red is still red and a near-black grey still black. Families are decided in HSV, which
separates lightness (black/white) from hue (red) far more simply than RGB thresholds;
the distance to a named value (the non-normative party red) is CIE76 ΔE in Lab, which
roughly matches what the eye sees as "the same colour".
"""

from __future__ import annotations

import colorsys
import math
import re

from villagedesk.core.errors import UserError

RGB = tuple[int, int, int]

#: Family tolerances; rule sets may override any of these through their parameters.
DEFAULT_TOLERANCES: dict[str, float] = {
    "black_max_value": 0.30,      # HSV V ≤ this → black, whatever the hue (near-black grey)
    "white_min_value": 0.88,      # HSV V ≥ this …
    "white_max_saturation": 0.12,  # … and S ≤ this → white (off-white, ivory)
    "red_hue_degrees": 20.0,      # hue within ±20° of 0° → reddish
    "red_min_saturation": 0.45,   # … and saturated enough (pink is not red)
    "red_min_value": 0.30,        # … and not so dark it reads as black
}

#: Colour names a user may type, with the hex we suggest instead (non-normative examples).
NAMED_SUGGESTIONS: dict[str, tuple[str, str]] = {
    "red": ("红色", "#EE1C25"), "红": ("红色", "#EE1C25"), "红色": ("红色", "#EE1C25"),
    "大红": ("红色", "#EE1C25"), "中国红": ("红色", "#EE1C25"), "党建红": ("红色", "#EE1C25"),
    "black": ("黑色", "#000000"), "黑": ("黑色", "#000000"), "黑色": ("黑色", "#000000"),
    "white": ("白色", "#FFFFFF"), "白": ("白色", "#FFFFFF"), "白色": ("白色", "#FFFFFF"),
    "gold": ("金色", "#D4A017"), "金": ("金色", "#D4A017"), "金色": ("金色", "#D4A017"),
    "yellow": ("黄色", "#FFD700"), "黄": ("黄色", "#FFD700"), "黄色": ("黄色", "#FFD700"),
    "blue": ("蓝色", "#1F4E9E"), "蓝": ("蓝色", "#1F4E9E"), "蓝色": ("蓝色", "#1F4E9E"),
    "green": ("绿色", "#1E8C3A"), "绿": ("绿色", "#1E8C3A"), "绿色": ("绿色", "#1E8C3A"),
    "grey": ("灰色", "#808080"), "gray": ("灰色", "#808080"), "灰": ("灰色", "#808080"),
    "灰色": ("灰色", "#808080"),
}

FAMILY_NAMES = {"red": "红色", "black": "黑色", "white": "白色", "other": "其他颜色"}

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_RGB_FUNC = re.compile(r"rgba?\s*\(\s*(\d{1,3})\s*[,，\s]\s*(\d{1,3})\s*[,，\s]\s*(\d{1,3})", re.I)


def parse_colour(text, *, where: str = "") -> RGB:
    """'#EE1C25', 'EE1C25' or '#e1c' → (r, g, b). Names and rgb(…) are refused with a hint,
    because a sign maker needs an exact value, not a word."""
    if not isinstance(text, str):
        raise UserError(f"颜色应写成十六进制文字（如 \"#EE1C25\"），而不是 {_show(text)}", where=where)
    raw = text.strip()
    m = _HEX.fullmatch(raw)
    if m:
        digits = m.group(1)
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    if not raw:
        raise UserError("颜色为空，须写十六进制值（如 #FFFFFF）", where=where)
    m = _RGB_FUNC.match(raw)
    if m:
        r, g, b = (min(255, int(v)) for v in m.groups())
        raise UserError(f"颜色须写十六进制值，不接受「{raw[:40]}」；可写作 {to_hex((r, g, b))}", where=where)
    key = raw.lower().replace(" ", "")
    hint = NAMED_SUGGESTIONS.get(key)
    if hint is None and key.endswith("色"):
        hint = NAMED_SUGGESTIONS.get(key[:-1])
    if hint:
        label, hexval = hint
        raise UserError(f"颜色须写十六进制值，不接受颜色名「{raw[:40]}」；{label}可写作 {hexval}", where=where)
    raise UserError(f"颜色须写十六进制值（如 #EE1C25、#000000、#FFFFFF），不认识「{raw[:40]}」", where=where)


def to_hex(rgb: RGB) -> str:
    r, g, b = (max(0, min(255, int(v))) for v in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


def rgb_to_cmyk(rgb: RGB) -> tuple[int, int, int, int]:
    """Naive device CMYK in percent, for the spec sheet as a starting point only: the print
    shop's ICC profile (paper, ink, press) decides the real values."""
    r, g, b = (v / 255 for v in rgb)
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0, 0, 0, 100)
    c = (1 - r - k) / (1 - k)
    m = (1 - g - k) / (1 - k)
    y = (1 - b - k) / (1 - k)
    return tuple(round(v * 100) for v in (c, m, y, k))  # type: ignore[return-value]


def colour_family(rgb: RGB, tolerances: dict | None = None) -> str:
    """'red' | 'black' | 'white' | 'other'. HSV: lightness decides black/white first (a
    near-black grey is black, an off-white is white), then hue + saturation decide red."""
    t = dict(DEFAULT_TOLERANCES)
    if tolerances:
        t.update({k: float(v) for k, v in tolerances.items() if k in DEFAULT_TOLERANCES})
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    if v <= t["black_max_value"]:
        return "black"
    if v >= t["white_min_value"] and s <= t["white_max_saturation"]:
        return "white"
    hue = h * 360
    if (hue <= t["red_hue_degrees"] or hue >= 360 - t["red_hue_degrees"]) and s >= t["red_min_saturation"] \
            and v >= t["red_min_value"]:
        return "red"
    return "other"


def _to_lab(rgb: RGB) -> tuple[float, float, float]:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(a: RGB, b: RGB) -> float:
    """CIE76 colour difference (≈2.3 is just noticeable; >10 is clearly another colour)."""
    la, lb = _to_lab(a), _to_lab(b)
    return math.dist(la, lb)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
