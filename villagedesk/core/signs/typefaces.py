"""Which family a typeface name belongs to: 宋体 (Song/Ming/serif) or not.

The rules name families (标准宋体或美术宋体), while people type product names (SimSun,
方正小标宋, 思源宋体, Noto Serif CJK SC …). Names are matched after folding (NFKC, lower
case, no spaces, dashes or underscores); the refused families are tested first because
「仿宋」 contains 「宋」 but is not a Song face.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FAMILY_NAMES = {
    "song": "宋体",
    "hei": "黑体",
    "kai": "楷体",
    "fangsong": "仿宋",
    "li": "隶书",
    "xingkai": "行楷/行书",
    "cao": "草书",
    "yuan": "圆体",
    "weibei": "魏碑",
    "display": "装饰字体",
    "latin": "西文字体",
    "unknown": "未识别的字体",
}

# (family, fragments): the first family with a fragment found in the folded name wins
_FRAGMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fangsong", ("仿宋", "fangsong", "fsgb2312", "stfangsong")),
    ("hei", ("黑体", "黑", "雅黑", "yahei", "simhei", "heiti", "hei", "sans", "gothic", "pingfang", "苹方",
             "等线", "dengxian", "微软正黑", "jhenghei", "굴림", "gulim", "돋움", "dotum", "고딕")),
    ("xingkai", ("行楷", "行书", "xingkai", "stxingkai", "xingshu")),
    ("kai", ("楷", "kaiti", "kai", "stkaiti")),
    ("li", ("隶", "lisu", "stliti")),
    ("cao", ("草书", "caoshu")),
    ("yuan", ("圆", "youyuan", "yuan")),
    ("weibei", ("魏碑", "新魏", "weibei", "stxinwei")),
    ("display", ("彩云", "琥珀", "舒体", "姚体", "综艺", "少儿", "卡通", "hupo", "caiyun", "shuti", "yaoti", "zongyi")),
    ("song", ("宋", "song", "simsun", "nsimsun", "明朝", "mincho", "ming", "serifcjk", "serifsc", "seriftc", "serifkr", "serifjp",
              "hanserif", "sourcehanserif", "notoserif", "villagedeskserif", "명조", "myeongjo", "바탕", "batang")),
    ("latin", ("times", "arial", "helvetica", "calibri", "georgia", "verdana", "roman")),
)


@dataclass(frozen=True)
class Typeface:
    name: str  # as given
    family: str  # a key of FAMILY_NAMES

    @property
    def family_name(self) -> str:
        return FAMILY_NAMES[self.family]


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-·.]+", "", unicodedata.normalize("NFKC", text)).lower()


def classify(name: str) -> Typeface:
    """The family of a typeface name; 'unknown' when no fragment is recognised."""
    folded = _fold(name or "")
    if folded:
        for family, fragments in _FRAGMENTS:
            if any(f in folded for f in fragments):
                return Typeface(name, family)
    return Typeface(name, "unknown")
