"""Measure a sign maker's proof (PNG/JPEG, or the first page of a PDF) against the spec:
aspect ratio, background colour and text colour.

The background is the commonest colour of the outer border band (a proof is the sign
itself, so its edge is background); the text colour is the commonest colour among the
pixels farthest from the background, which skips the anti-aliased stroke edges. The
image is reduced to at most 300 px a side first: colours and proportions survive that,
and a 60-megapixel photo is measured as fast as a thumbnail.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.signs.checker import emit
from villagedesk.core.signs.colours import FAMILY_NAMES, colour_family, delta_e, parse_colour, to_hex
from villagedesk.core.signs.rules import RuleSet
from villagedesk.core.signs.spec import SignSpec

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PIXELS = 80_000_000  # a 600 dpi A4 scan has 35 million; Pillow's own bomb limit is 89 million
PROOF_FORMATS = ("PNG", "JPEG")
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
MEASURE_SIDE = 300
_PROOF_SOURCE = {"document": "牌子规格（申报的尺寸和颜色）", "file": "", "clause": "", "quote": ""}


def load_proof(path: Path):
    """The proof as an RGB Pillow image; UserError naming the file when it cannot be one."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到样稿文件：{path}")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"样稿文件是空的：{path.name}")
    if size > MAX_FILE_BYTES:
        raise UserError(f"样稿文件过大（{size // (1024 * 1024)} MB，最多 100 MB）：{path.name}")
    with path.open("rb") as fh:
        head = fh.read(8)
    # the file's own first bytes decide, never its name: Pillow alone would also open EPS
    # (through Ghostscript), PSD, ICO, … from any file it is handed
    if head.startswith(b"%PDF-"):
        return _render_pdf(path)
    if not head.startswith((_PNG, _JPEG)):
        raise UserError(f"不是图片文件（样稿只能是 PNG、JPEG 图片或 PDF 文件，按文件内容判断，不看扩展名）：{path.name}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=PROOF_FORMATS) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}×{height}")
                img.draft("RGB", (MEASURE_SIDE * 2, MEASURE_SIDE * 2))  # JPEG: decode at reduced size
                img.load()
                return img.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UserError(f"样稿图片像素过多（最多 {MAX_PIXELS // 1_000_000} 百万像素），疑似损坏或恶意文件，已拒绝：{path.name}") from None
    except UnidentifiedImageError:
        raise UserError(f"不是图片文件（应为 PNG、JPEG 或 PDF）：{path.name}") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise UserError(f"样稿图片已损坏或不完整（{exc}）：{path.name}") from None


def _render_pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception as exc:  # PdfiumError for a damaged or foreign file
        raise UserError(f"无法读取 PDF 样稿（{exc}）：{path.name}") from None
    try:
        if len(doc) == 0:
            raise UserError(f"PDF 样稿没有页面：{path.name}")
        page = doc[0]
        width, height = page.get_size()
        scale = MEASURE_SIDE * 2 / max(width, height, 1)
        image = page.render(scale=scale, rotation=0).to_pil().convert("RGB")
        page.close()
        return image
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"无法绘制 PDF 样稿的第 1 页（{exc}）：{path.name}") from None
    finally:
        doc.close()


def _bin(c: tuple[int, int, int], shift: int) -> tuple[int, int, int]:
    return (c[0] >> shift, c[1] >> shift, c[2] >> shift)


def _mean(pixels: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    n = len(pixels)
    return tuple(round(sum(p[i] for p in pixels) / n) for i in range(3))  # type: ignore[return-value]


def measure(image) -> dict:
    """{"width_px", "height_px", "aspect" (w/h), "background", "text_colour" (hex or None), "text_share"}."""
    width, height = image.size
    small = image.copy()
    small.thumbnail((MEASURE_SIDE, MEASURE_SIDE))
    w, h = small.size
    flat = getattr(small, "get_flattened_data", None)  # Pillow ≥ 12; getdata() before
    pixels = list(flat() if flat else small.getdata())
    band = max(1, round(min(w, h) * 0.03))
    border = [pixels[y * w + x] for y in range(h) for x in range(w)
              if x < band or y < band or x >= w - band or y >= h - band]
    mode_bin = Counter(_bin(p, 4) for p in border).most_common(1)[0][0]
    background = _mean([p for p in border if _bin(p, 4) == mode_bin])
    distances = [math.dist(p, background) for p in pixels]
    ink = [(p, d) for p, d in zip(pixels, distances) if d > 60]
    text_colour = None
    if len(ink) >= max(4, len(pixels) * 0.002):
        far = sorted(d for _, d in ink)[int(len(ink) * 0.95) - 1 if len(ink) > 1 else 0]
        core = [p for p, d in ink if d >= 0.6 * far]
        top = Counter(_bin(p, 5) for p in core).most_common(1)[0][0]
        text_colour = to_hex(_mean([p for p in core if _bin(p, 5) == top]))
    return {"width_px": width, "height_px": height, "aspect": round(width / height, 4),
            "background": to_hex(background), "text_colour": text_colour, "text_share": round(len(ink) / len(pixels), 4)}


def check_proof(image_path: Path, spec: SignSpec, rules: RuleSet, *, role: str = "other") -> dict:
    """{"ok", "findings", "measured"}: the proof against the spec's size and colours, and
    its measured colours against the rule set's colour rules for the sign's organisation."""
    measured = measure(load_proof(image_path))
    out: list[dict] = []
    aspect_tol = float(rules.param("proof_aspect_tolerance", 0.03))
    colour_tol = float(rules.param("proof_colour_tolerance", 25))
    tolerances = rules.param("colour_families", {})
    if spec.width_cm and spec.height_cm:
        declared = spec.width_cm / spec.height_cm
        if abs(measured["aspect"] / declared - 1) > aspect_tol:
            out.append(_finding("proof.aspect", "size", "error",
                                f"样稿宽高比 {measured['width_px']}×{measured['height_px']} 像素（{measured['aspect']:.3f}）"
                                f"与规格 {spec.width_cm:g}×{spec.height_cm:g} 厘米（{declared:.3f}）相差 "
                                f"{abs(measured['aspect'] / declared - 1):.0%}，超过 {aspect_tol:.0%}", "width_cm"))
    pairs = (("background", "底色", measured["background"]), ("text_colour", "文字颜色", measured["text_colour"]))
    for key, label, value in pairs:
        if value is None:
            out.append(_finding("proof.text_colour", "colour", "warning", "样稿上找不到文字（几乎全是底色），无法量出文字颜色", key))
            continue
        declared = getattr(spec, key)
        if not declared:
            continue
        got, want = parse_colour(value), parse_colour(declared)
        fam_got, fam_want = colour_family(got, tolerances), colour_family(want, tolerances)
        if fam_got != fam_want:
            out.append(_finding(f"proof.{key}", "colour", "error",
                                f"样稿{label} {value} 属{FAMILY_NAMES[fam_got]}，规格为 {declared}（{FAMILY_NAMES[fam_want]}）", key))
        elif delta_e(got, want) > colour_tol:
            out.append(_finding(f"proof.{key}", "colour", "warning",
                                f"样稿{label} {value} 与规格 {declared} 同属{FAMILY_NAMES[fam_got]}，但相差 ΔE {delta_e(got, want):.0f}"
                                f"（容差 {colour_tol:g}），请与制作方核对色值", key))
    org = rules.organisation(role) or {}
    expected_text = org.get("text", "black")
    if measured["text_colour"]:
        family = colour_family(parse_colour(measured["text_colour"]), tolerances)
        if family != expected_text:
            emit(rules, out, "colour.text", key="text_colour", text_colour=f"样稿 {measured['text_colour']}",
                 text_family=FAMILY_NAMES[family], expected_family=FAMILY_NAMES[expected_text],
                 expected_short={"red": "红", "black": "黑"}.get(expected_text, ""), role_name=org.get("name", "其他机构"))
    family = colour_family(parse_colour(measured["background"]), tolerances)
    if family != org.get("background", "white"):
        emit(rules, out, "colour.background", key="background", background=f"样稿 {measured['background']}",
             background_family=FAMILY_NAMES[family])
    order = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: order.get(f["severity"], 3))
    return {"ok": not any(f["severity"] == "error" for f in out), "findings": out, "measured": measured}


def _finding(rule: str, category: str, severity: str, message: str, key: str) -> dict:
    return {"rule": rule, "category": category, "severity": severity, "message": message,
            "source": dict(_PROOF_SOURCE, clause=key), "key": key}
