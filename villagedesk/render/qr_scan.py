"""Read the QR codes in a photo or scan of a certificate (PNG, JPEG, BMP, TIFF).

Pillow opens the file, zxing-cpp finds and decodes the codes. What people bring is a phone
photo or an office scan: tilted, soft, 150 dpi, sometimes a multi-page TIFF. So a miss is
retried with the other binarizer, then at twice the size, sharpened. Files are
checked before they are decoded: a file that is no image, a broken one, or a pixel bomb
gets a Chinese message naming it instead of a traceback or a full memory.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import cast

import zxingcpp
from PIL import Image, ImageFilter

from villagedesk.core.errors import UserError

FORMATS = ("PNG", "JPEG", "BMP", "TIFF")
MAX_PIXELS = 80_000_000  # an A4 page scanned at 600 dpi has 35 million
MAX_FRAMES = 50  # pages of a multi-page TIFF that are looked at
_UPSCALE_MAX_PIXELS = 16_000_000  # the retry at twice the size: soft scans up to ~200 dpi A4
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")


def read_qr_texts(path: Path) -> list[str]:
    """The texts of all QR codes in the image file, in the order found, each once; an image
    without a QR code gives an empty list."""
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"找不到文件“{path.name}”", where=where) from None
    except OSError as exc:
        raise UserError(f"无法读取文件“{path.name}”：{exc.strerror or exc}", where=where) from None
    if path.is_dir():
        raise UserError(f"“{path.name}”是文件夹，不是图片文件", where=where)
    if size == 0:
        raise UserError(f"文件“{path.name}”是空的（0 字节），不是图片", where=where)
    texts: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=FORMATS) as image:
                for frame in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
                    image.seek(frame)
                    _check_size(image, path.name)
                    image.load()
                    texts += read_qr_texts_from_image(image)
        except UserError as exc:
            exc.where = exc.where or where
            raise
        except Image.UnidentifiedImageError:
            raise UserError(f"“{path.name}”不是能识别的图片（支持 PNG、JPEG、BMP、TIFF）", where=where) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UserError(_too_big(path.name), where=where) from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
            raise UserError(f"图片“{path.name}”已损坏或不完整，无法读取；请重新拍照或扫描", where=where) from None
    return list(dict.fromkeys(texts))


def read_qr_texts_from_image(image: Image.Image) -> list[str]:
    """The texts of all QR codes in a Pillow image (any mode), each once."""
    _check_size(image, "图片")
    gray = _grayscale(image)
    found = _decode(gray, zxingcpp.Binarizer.LocalAverage) or _decode(gray, zxingcpp.Binarizer.GlobalHistogram)
    if not found and gray.width * gray.height * 4 <= _UPSCALE_MAX_PIXELS:
        # a soft scan at 100–150 dpi has about 2 px a module: at twice the size and sharpened,
        # the binarizer finds the module edges again
        larger = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
        found = _decode(larger.filter(ImageFilter.UnsharpMask(radius=3, percent=250, threshold=0)),
                        zxingcpp.Binarizer.LocalAverage)
    return list(dict.fromkeys(found))


def _decode(gray: Image.Image, binarizer) -> list[str]:
    # zxing-cpp converts one BarcodeFormat to BarcodeFormats implicitly (nanobind); its stubs say only BarcodeFormats
    results = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode, binarizer=binarizer,  # type: ignore[arg-type]
                                     try_rotate=True, try_downscale=True)
    return [r.text for r in results if r.valid and r.text]


def _grayscale(image: Image.Image) -> Image.Image:
    """8-bit gray on white: transparency is laid on white (a code drawn on a transparent
    PNG would otherwise read as black on black), 16-bit scans are scaled, not clipped."""
    if image.mode in _SIXTEEN_BIT:
        top = max(cast(float, image.getextrema()[1]), 1)  # one band: (min, max)
        scale = 255 / top if top > 255 else 1
        return image.convert("F").point(lambda v: v * scale).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return image if image.mode == "L" else image.convert("L")


def _check_size(image: Image.Image, name: str) -> None:
    if image.width * image.height > MAX_PIXELS:
        raise UserError(_too_big(name, image.size))


def _too_big(name: str, size: tuple[int, int] | None = None) -> str:
    dims = f"（{size[0]}×{size[1]} 像素）" if size else ""
    return f"图片“{name}”太大{dims}，超过 {MAX_PIXELS // 1_000_000} 百万像素；请缩小后再试，二维码清晰即可"
