"""Citizen ID numbers (公民身份号码) as GB 11643-1999 defines them.

18 characters: 6-digit address code, birth date YYYYMMDD, 3-digit sequence (odd for men,
even for women) and a check character by ISO 7064 MOD 11-2. Old 15-digit numbers (6 + YYMMDD
in the 1900s + 3) have no check character and are still valid cards, so they are accepted as
they are, never "upgraded" (../shared/reference/DOMAIN.md §7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from villagedesk.core.errors import UserError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"  # S mod 11 = 0…10
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
_SPACES = re.compile(r"[\s\u3000]+")
MAX_AGE = 150


@dataclass(frozen=True)
class IdNumber:
    value: str  # upper case, as stored and printed
    length: int  # 18 or 15
    birth_date: date
    gender: str  # "男" | "女"
    region_code: str  # the 6-digit address code at issue time

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise_id_text(text: str) -> str:
    """What a clerk meant: full-width digits → ASCII, x → X, spaces dropped."""
    return _SPACES.sub("", str(text).translate(_FULLWIDTH)).upper() if text else ""


def parse_id_number(text: str, *, today: date) -> IdNumber:
    """Check a typed ID number; raise UserError saying exactly what is wrong."""
    value = normalise_id_text(text)
    if not value:
        raise UserError("请填写身份证号码", where="身份证号码")
    if len(value) > 40:
        raise UserError(f"身份证号码应为 18 位（旧证 15 位），实为 {len(value)} 位", where="身份证号码")
    for pos, ch in enumerate(value, 1):
        if not ("0" <= ch <= "9") and not (ch == "X" and pos == 18 == len(value)):
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise UserError(
                f"第 {pos} 位是“{shown}”：身份证号码只能由数字组成，只有 18 位号码的最后一位可以是 X",
                where="身份证号码",
            )
    if len(value) not in (15, 18):
        raise UserError(f"身份证号码应为 18 位（旧证 15 位），实为 {len(value)} 位", where="身份证号码")

    if len(value) == 18:
        year, month, day, seq = int(value[6:10]), int(value[10:12]), int(value[12:14]), value[14:17]
    else:
        year, month, day, seq = 1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), value[12:15]
    birth_text = value[6:14] if len(value) == 18 else value[6:12]
    try:
        birth = date(year, month, day)
    except ValueError:
        raise UserError(
            f"出生日期“{birth_text}”不存在（{year}年{month}月{day}日），请核对第 7–{6 + len(birth_text)} 位",
            where="身份证号码",
        ) from None
    if birth > today:
        raise UserError(f"出生日期 {birth.isoformat()} 晚于今天，号码有误", where="身份证号码")
    if _age(birth, today) > MAX_AGE:
        raise UserError(f"出生日期 {birth.isoformat()} 距今超过 {MAX_AGE} 年，号码有误", where="身份证号码")

    if len(value) == 18:
        expected = check_character(value[:17])
        if value[17] != expected:
            raise UserError(
                f"校验码不符：按 GB 11643-1999，第 18 位应为“{expected}”，实为“{value[17]}”；"
                "请逐位核对号码是否抄错",
                where="身份证号码",
            )
    gender = "男" if int(seq[-1]) % 2 == 1 else "女"
    return IdNumber(value=value, length=len(value), birth_date=birth, gender=gender, region_code=value[:6])


def mask_id_number(value: str) -> str:
    """Keep the first 6 and last 4 (15-digit: last 3): enough to tell people apart on a QR code."""
    value = normalise_id_text(value)
    if len(value) == 18:
        return value[:6] + "*" * 8 + value[-4:]
    if len(value) == 15:
        return value[:6] + "*" * 6 + value[-3:]
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 6)


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
