"""Certificate forms: one TOML file per certificate type in forms/, and the rules for filling one.

The file is data a county officer reads and edits (docs/formats/certificate-form.md), so a
wrong file is refused with the file and the key at fault, never half-loaded. Filling a form
checks what a clerk typed field by field and answers with Problems, never an exception:
the window shows them next to the fields as the clerk types. Names are kept exactly as
typed (no Unicode normalisation: NFC would turn a CJK compatibility ideograph in a name into
another code point, and the person's name into someone else's).

Sources: the applicant gives 身份证明材料、佐证材料 and the 原因、依据、用途
(policy/yunnan-dehong-plan.txt 第10条); 简单证明当场办结、复杂证明限时办结
(policy/jilin-yanbian-plan.txt 第10条); ID numbers per GB 11643-1999 (core/idnumber.py).
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from villagedesk.core.cn_date import arabic_date, arabic_year_month
from villagedesk.core.errors import Problem, UserError
from villagedesk.core.idnumber import parse_id_number
from villagedesk.core.text import is_han

# type → (what a reader calls it, default max_length)
FIELD_TYPES: dict[str, tuple[str, int]] = {
    "text": ("单行文字", 50),
    "multiline": ("多行文字", 500),
    "name": ("姓名", 30),
    "id_number": ("身份证号码", 30),
    "date": ("日期", 20),
    "year_month": ("年月", 20),
    "phone": ("电话号码", 30),
    "integer": ("整数", 12),
    "money": ("金额", 20),
    "choice": ("选项", 50),
}

# {本村} in a body prints 本村 or 本社区 by the office (a township does not accept 本村（社区）)
LOCALITY = "本村"

# Supplied by the service for every certificate: never declared in a form, usable in its body.
STANDARD_FIELDS: dict[str, str] = {
    "subject_name": "被证明人姓名",
    "subject_id": "身份证号码",
    "gender": "性别",
    "purpose": "用途",
    "addressee": "致送单位",
    "applicant": "申请人",
    "phone": "联系电话",
    "issuer": "出具单位",
    "village": "村简称",
    "reason": "申请原因",
    "basis": "申请依据",
    LOCALITY: "本村或本社区（按出具单位的级别）",
}

PAPER_SIZES = ("A4", "A5")
MAX_WORKING_DAYS = 60
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TIME_LIMIT = re.compile(r"(\d+)\s*个?工作日")


# ── the form ─────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str
    required: bool = False
    max_length: int = 50
    help: str = ""
    choices: tuple[str, ...] = ()
    minimum: Decimal | None = None  # integer and money
    maximum: Decimal | None = None
    allow_future: bool = False  # date and year_month
    not_before: str = ""  # date: key of another date field this one may not precede
    required_when: tuple[tuple[str, str], ...] = ()  # required when these fields hold these values

    def check(self, value: object, *, today: date) -> tuple[str, Problem | None]:
        """The cleaned value, or a Problem naming this field; never raises for any text."""
        return _check_value(self, value, today=today, required=self.required)


@dataclass(frozen=True)
class Attestation:
    """A second block another office fills in by hand (e.g. the township's countersign)."""

    title: str  # 乡镇（街道）审核意见
    opinion: str = ""  # preset text, or "" for blank lines to write on
    signer: str = "审核人："
    seal: str = "（盖章）"
    date_line: str = "年　　月　　日"


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    heading: str  # what the paper says at the top; defaults to the title
    items: tuple[str, ...]  # catalogue item codes it serves
    basis: str
    paper: str  # "A4" | "A5"
    time_limit_days: int  # 0 = 当场
    materials: tuple[str, ...]
    procedure: tuple[str, ...]
    attestation: Attestation | None
    fields: tuple[Field, ...]
    body: str  # the template, as written in the file
    source_file: str
    verification_required: bool = False  # 核实方式 must be recorded (items on no list)
    decision_when_major: bool = False  # major/legally risky → meeting decision or legal review first
    note: str = ""
    reason_required: bool = False  # the applicant's 原因 and 依据 must be recorded (德宏 二(三)10)

    @property
    def is_simple(self) -> bool:
        """Simple certificates are issued at once; complex ones are accepted with a due date."""
        return self.time_limit_days == 0

    @property
    def time_limit_text(self) -> str:
        return "当场" if self.is_simple else f"{self.time_limit_days}个工作日"

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def validate(self, values: dict[str, str], *, today: date) -> tuple[dict[str, str], list[Problem]]:
        """Clean the form's own fields; standard fields are left to `validate_standard`."""
        values = dict(values or {})
        clean: dict[str, str] = {}
        problems: list[Problem] = []
        own = {f.key for f in self.fields}
        for key in values:
            if key not in own and key not in STANDARD_FIELDS:
                shown = _shown(str(key))
                hint = "、".join(f"{f.key}（{f.label}）" for f in self.fields) or "（本证明没有另外的填写项）"
                problems.append(Problem("error", f"《{self.title}》没有“{shown}”这一填写项", shown, f"可填：{hint}"))
        for f in self.fields:
            required = f.required or (bool(f.required_when) and all(
                _trimmed(values.get(k), False) == v for k, v in f.required_when))
            cleaned, problem = _check_value(f, values.get(f.key), today=today, required=required)
            if problem:
                problems.append(problem)
            else:
                clean[f.key] = cleaned
        for f in self.fields:  # relations between fields, once each is right by itself
            earlier = clean.get(f.not_before) if f.not_before else None
            if earlier and clean.get(f.key) and clean[f.key] < earlier:
                other = self.field(f.not_before)
                shown = other.label if other else f.not_before
                problems.append(Problem("error", f"不能早于{shown}（{earlier}）", f.label))
                del clean[f.key]
        return clean, problems

    def render_body(self, values: dict[str, str]) -> list[str]:
        """The body's paragraphs with the values in.

        A paragraph with a placeholder whose value is empty is left out, so an optional
        line stands in its own paragraph. A value with line breaks (multiline) continues as
        paragraphs of its own. Dates print as 2019年3月5日, year-months as 2019年3月.
        Wording is mended as a township reads it: a typed value that starts with the words
        just before its placeholder does not repeat them (参加{activity} + 参加植树活动 →
        参加植树活动), a value's own closing 。 does not double the template's, and a paragraph
        that ends in a typed value ends with 。 (once).
        """
        out: list[str] = []
        for template in _paragraphs(self.body):
            names = _PLACEHOLDER.findall(template)
            shown = {n: self._display(n, values.get(n)) for n in names}
            if any(not v for v in shown.values()):
                continue
            text = self._fill(template, shown)
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            if len(lines) == 1:
                lines[0] = _end_sentence(lines[0])
            out.extend(lines)
        return out

    def _fill(self, template: str, shown: dict[str, str]) -> str:
        done, pos = "", 0
        for m in _PLACEHOLDER.finditer(template):
            done += template[pos:m.start()]
            value = shown[m.group(1)]
            f = self.field(m.group(1))
            if (f.type if f is not None else "text" if m.group(1) in _TYPED_STANDARD else "") in ("text", "multiline"):
                value = _without_repeat(done, value)
            if template[m.end():m.end() + 1]:
                value = value.rstrip(_TRAILING)  # mid-sentence, or the template's own mark follows
            done += value
            pos = m.end()
        return _single_stops(done + template[pos:])

    def placeholders(self) -> list[str]:
        return _PLACEHOLDER.findall(self.body)

    def _display(self, key: str, value: object) -> str:
        text = "" if value is None else str(value).strip()
        if key == LOCALITY and not text:
            return LOCALITY  # a caller that does not know the office: the village's word
        f = self.field(key)
        if text and f is not None:
            if f.type == "date":
                try:
                    return arabic_date(date.fromisoformat(text))
                except ValueError:
                    return text
            if f.type == "year_month":
                m = re.fullmatch(r"(\d{4})-(\d{2})", text)
                return arabic_year_month(int(m.group(1)), int(m.group(2))) if m else text
        return text


# ── standard fields ──────────────────────────────────────────────────────────────────

STANDARD_FIELD_RULES: tuple[Field, ...] = (
    Field("subject_name", "被证明人姓名", "name", required=True, max_length=30),
    Field("subject_id", "身份证号码", "id_number", required=True),
    Field("purpose", "用途", "text", required=True, max_length=100,
          help="写明向哪里、办什么事，如：办理居住证"),
    Field("addressee", "致送单位", "text", max_length=60, help="证明交给哪个单位，可不填"),
    Field("applicant", "申请人", "name", max_length=30, help="不填即为被证明人本人"),
    Field("phone", "联系电话", "phone"),
    Field("reason", "申请原因", "text", max_length=200, help="为什么要开这份证明，如：申请产业扶持资金"),
    Field("basis", "申请依据", "text", max_length=200,
          help="要求出具证明的文件或规定，如：县农业农村局产业扶持申报通知"),
)
REASON_FIELDS = ("reason", "basis")


def validate_standard(values: dict[str, str], *, today: date, reason_required: bool = False
                      ) -> tuple[dict[str, str], list[Problem]]:
    """Check the fields every certificate has; adds `gender` from the ID number. The applicant's
    原因 and 依据 (policy/yunnan-dehong-plan.txt 二(三)10) are required where the form says so."""
    values = dict(values or {})
    clean: dict[str, str] = {}
    problems: list[Problem] = []
    for f in STANDARD_FIELD_RULES:
        if f.key in REASON_FIELDS and reason_required:
            f = Field(f.key, f.label, f.type, required=True, max_length=f.max_length, help=f.help)
        raw = values.get(f.key)
        if f.key == "purpose" and isinstance(raw, str):
            # 此证明仅用于{purpose}。 — a typed 用于 or closing 。 would print twice
            raw = raw.strip()
            raw = raw[3:] if raw.startswith("仅用于") else raw.removeprefix("用于")
            raw = raw.rstrip("。．.；;，, \t\r\n\u3000")
        cleaned, problem = f.check(raw, today=today)
        if problem:
            problems.append(problem)
        elif cleaned or f.key not in REASON_FIELDS:
            clean[f.key] = cleaned
    if not clean.get("applicant") and "subject_name" in clean:
        clean["applicant"] = clean["subject_name"]
    if clean.get("subject_id"):
        clean["gender"] = parse_id_number(clean["subject_id"], today=today).gender
    return clean, problems


# ── checking one value ──────────────────────────────────────────────────────────────

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NAME_DOT = "\u00b7"  # 间隔号, as minority names are written on ID cards
_LOOKALIKE_DOTS = "•‧・･．.。∙⋅●"


def _shown(text: str, limit: int = 20) -> str:
    """A value safe to put in a message: no control characters, not too long."""
    shown = "".join(ch if _allowed_char(ch, multiline=False) else "�" for ch in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def _trimmed(value: object, multiline: bool) -> str:
    text = "" if value is None else str(value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _allowed_char(ch: str, *, multiline: bool) -> bool:
    if ch == "\n":
        return multiline
    return unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _check_value(f: Field, value: object, *, today: date, required: bool) -> tuple[str, Problem | None]:
    def problem(message: str, suggestion: str = "") -> tuple[str, Problem]:
        return "", Problem("error", message, f.label, suggestion)

    text = _trimmed(value, f.type == "multiline")
    if not text:
        return ("", problem("必填，请填写", f.help)[1]) if required else ("", None)
    if len(text) > f.max_length:
        return problem(f"太长：最多 {f.max_length} 个字，现有 {len(text)} 个字", "请删减后再填")
    for pos, ch in enumerate(text, 1):
        if not _allowed_char(ch, multiline=f.type == "multiline"):
            what = "换行" if ch in "\n\u2028\u2029" else "制表符" if ch == "\t" else "不可见的控制字符"
            return problem(f"第 {pos} 个字符是{what}（U+{ord(ch):04X}），不能填入", "请删除后重新输入（从别处复制的文字常带这类字符）")

    check = _TYPE_CHECKS.get(f.type, _check_text)
    try:
        cleaned, message, suggestion = check(f, text, today)
    except (ValueError, ArithmeticError, OverflowError) as exc:  # a parser's own refusal
        cleaned, message, suggestion = "", f"无法识别：{exc}", ""
    if message:
        return problem(message, suggestion)
    return cleaned, None


def _check_text(f: Field, text: str, today: date):
    return text.translate(_FULLWIDTH_DIGITS), "", ""


def _check_name(f: Field, text: str, today: date):
    for pos, ch in enumerate(text, 1):
        if ch.isdigit():
            return "", f"姓名不能含有数字（第 {pos} 个字符“{ch}”）", ""
        if ch.isspace():
            return "", "姓名中间不能有空格", "少数民族姓名请用间隔号“·”隔开，如：阿依古丽·买买提"
        if ch in _LOOKALIKE_DOTS:
            return "", f"第 {pos} 个字符“{ch}”不是间隔号", "少数民族姓名请用身份证上的间隔号“·”（U+00B7）"
        if not _name_char(ch, text[pos - 2] if pos > 1 else ""):
            return "", f"第 {pos} 个字符“{ch}”不能用于姓名", "姓名只能用汉字或朝鲜文，少数民族姓名用间隔号“·”隔开"
    if text.startswith(_NAME_DOT) or text.endswith(_NAME_DOT) or _NAME_DOT * 2 in text:
        return "", "间隔号“·”只能用在姓名中间，且不能连用", ""
    return text, "", ""


def _name_char(ch: str, before: str) -> bool:
    cp = ord(ch)
    if is_han(ch) or ch in ("\u3007", _NAME_DOT):  # 〇 is a standard character too
        return True
    if 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:  # Hangul
        return True
    if 0x30000 <= cp <= 0x3FFFF and unicodedata.category(ch) == "Cn":
        return True  # CJK extension G/H/I: newer than this Python's Unicode tables
    # ideographic variation selectors pick a glyph variant of the character before them
    return (0xE0100 <= cp <= 0xE01EF or 0xFE00 <= cp <= 0xFE0F) and bool(before) and is_han(before)


def _check_id_number(f: Field, text: str, today: date):
    try:
        return parse_id_number(text, today=today).value, "", ""
    except UserError as exc:
        return "", exc.message, "请对照身份证逐位核对"


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?|(\d{4})(\d{2})")


def _check_date(f: Field, text: str, today: date):
    text = text.translate(_FULLWIDTH_DIGITS)
    m = _DATE.fullmatch(text)
    if not m:
        return "", f"“{_shown(text)}”不是日期", "写作 2026-03-05 或 2026年3月5日"
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        value = date(y, mo, d)
    except ValueError:
        return "", f"{y}年{mo}月{d}日不存在", "请核对月份和日期"
    if y < 1900:
        return "", f"{y} 年太早了，请核对年份", ""
    if value > today and not f.allow_future:
        return "", f"{value.isoformat()} 晚于今天", "请填写已经发生的日期"
    return value.isoformat(), "", ""


def _check_year_month(f: Field, text: str, today: date):
    text = text.translate(_FULLWIDTH_DIGITS)
    m = _YEAR_MONTH.fullmatch(text)
    if not m:
        return "", f"“{_shown(text)}”不是年月", "写作 2019-03 或 2019年3月"
    y, mo = (int(g) for g in (m.groups()[:2] if m.group(1) else m.groups()[2:]))
    if not 1 <= mo <= 12:
        return "", f"月份 {mo} 不存在", "月份应为 1–12"
    if y < 1900:
        return "", f"{y} 年太早了，请核对年份", ""
    if (y, mo) > (today.year, today.month) and not f.allow_future:
        return "", f"{y}年{mo}月晚于本月", "请填写已经到来的年月"
    return f"{y:04d}-{mo:02d}", "", ""


def _check_phone(f: Field, text: str, today: date):
    raw = re.sub(r"[\s()（）]", "", text.translate(_FULLWIDTH_DIGITS)).replace("－", "-").replace("—", "-")
    raw = re.sub(r"^(\+86|0086)-?", "", raw)
    hint = "填 11 位手机号码，或带区号的固定电话，如 0692-2123456"
    if re.fullmatch(r"1[3-9]\d{9}", raw):
        return raw, "", ""
    m = re.fullmatch(r"(0\d{2,3})-?([2-9]\d{6,7})", raw)
    if m:
        area, local = m.groups()
        if "-" not in raw:  # 010 and 02x are 3 digits; every other area code has 4
            digits = area + local
            cut = 3 if digits.startswith(("010", "02")) else 4
            area, local = digits[:cut], digits[cut:]
            if not re.fullmatch(r"[2-9]\d{6,7}", local):
                return "", f"“{_shown(text)}”不是有效的电话号码", hint
        return f"{area}-{local}", "", ""
    if re.fullmatch(r"1\d*", raw) and raw.isdigit():
        return "", f"手机号码应为 11 位，实为 {len(raw)} 位", hint
    return "", f"“{_shown(text)}”不是有效的电话号码", hint


def _check_integer(f: Field, text: str, today: date):
    raw = text.translate(_FULLWIDTH_DIGITS).replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+", raw):
        return "", f"“{_shown(text)}”不是整数", "只填阿拉伯数字，如 4"
    return _in_range(f, Decimal(raw), str(int(raw)))


def _check_money(f: Field, text: str, today: date):
    raw = re.sub(r"[,，\s]", "", text.translate(_FULLWIDTH_DIGITS)).replace("．", ".")
    raw = re.sub(r"^[¥￥]|元$", "", raw)
    if not re.fullmatch(r"\d+(\.\d{1,2})?", raw):
        return "", f"“{_shown(text)}”不是金额", "只填阿拉伯数字，以元为单位，最多两位小数，如 12000 或 8500.50"
    amount = Decimal(raw)
    shown = str(int(amount)) if amount == amount.to_integral_value() else f"{amount:.2f}"
    return _in_range(f, amount, shown)


def _in_range(f: Field, number: Decimal, shown: str):
    if f.minimum is not None and number < f.minimum:
        return "", f"不能小于 {_num(f.minimum)}", ""
    if f.maximum is not None and number > f.maximum:
        return "", f"不能大于 {_num(f.maximum)}，请核对", ""
    return shown, "", ""


def _num(d: Decimal) -> str:
    return str(int(d)) if d == d.to_integral_value() else str(d)


def _check_choice(f: Field, text: str, today: date):
    if text in f.choices:
        return text, "", ""
    return "", f"“{_shown(text)}”不是可选的值", "应为以下之一：" + "、".join(f.choices)


_TYPE_CHECKS = {
    "text": _check_text,
    "multiline": _check_text,
    "name": _check_name,
    "id_number": _check_id_number,
    "date": _check_date,
    "year_month": _check_year_month,
    "phone": _check_phone,
    "integer": _check_integer,
    "money": _check_money,
    "choice": _check_choice,
}


# Typed standard fields (the form's own fields say their type).
_TYPED_STANDARD = ("purpose", "addressee", "reason", "basis")
_TRAILING = "。．.，,；;、：: \u3000"
_SENTENCE_END = "。！？!?；;：:…—"
_REPEAT_MAX = 6


def _without_repeat(before: str, value: str) -> str:
    """The value without the words the template already wrote just before it: 参加 + 参加植树
    → 植树, 仅用于 + 用于办理 → 办理, 居住在 + 住在风平村 → 风平村. Only whole Han words of two
    or more characters count (兹证明 + 明亮 is a name and stays)."""
    for k in range(min(_REPEAT_MAX, len(value) - 1), 1, -1):
        head = value[:k]
        if all(is_han(ch) for ch in head) and before.endswith(head):
            return value[k:]
    return value


def _single_stops(text: str) -> str:
    """No 。。 ever: a run of full stops (。．.) after a 。, or a ．/. before one, is one 。."""
    return re.sub(r"[。．.]*。[。．.]*", "。", text)


def _end_sentence(line: str) -> str:
    """A paragraph that ends in a typed value ends with 。 once (a closing ．or . becomes 。)."""
    stops = re.search(r"[。．.]+$", line)
    if stops:
        return line[:stops.start()] + "。"
    if not line or line[-1] in _SENTENCE_END:
        return line
    return line + "。"


def locality_word(*, level: str = "village", name: str = "", short_name: str = "", region_code: str = "") -> str:
    """本村 or 本社区 for {本村}: by the office's names (…村民委员会 / …社区居民委员会), else by
    its 12-digit code, whose digits 10–12 are 001–199 for a 居民委员会 and 200–399 for a
    村民委员会 (国家统计局《统计用区划代码和城乡划分代码编制规则》)."""
    for text in (short_name.strip(), name.strip()):
        if text.endswith(("社区", "居民委员会", "居委会")):
            return "本社区"
        if text.endswith(("村民委员会", "村委会", "村")):
            return "本村"
    code = region_code.strip()
    if level == "village" and len(code) == 12 and code.isdigit() and 1 <= int(code[9:]) <= 199:
        return "本社区"
    return "本村"


def _paragraphs(body: str) -> list[str]:
    """Blank lines separate paragraphs; the lines of one paragraph join without a space (Chinese)."""
    out, current = [], []
    for line in body.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


# ── reading form files ───────────────────────────────────────────────────────────────


MAX_FORM_BYTES = 256 * 1024  # a real form is a few KB


class FormFileError(UserError):
    """A form file the program refuses; `file` and `key` say where."""

    def __init__(self, file: str, key: str, message: str, problems: list[Problem] | None = None):
        self.file = file
        self.key = key
        super().__init__(f"{key} {message}" if key else message, where=file, problems=problems)


def parse_form_bytes(data: bytes, source_file: str) -> Form:
    """A form from the bytes of a file as read from disk (by services/form_files.py, which
    reads at most MAX_FORM_BYTES + 1 of them: core reads no file); `source_file` names it."""
    if len(data) > MAX_FORM_BYTES:
        raise FormFileError(source_file, "", f"文件过大（最多 {MAX_FORM_BYTES // 1024} KB），不是表单文件")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormFileError(source_file, "", f"第 {line} 行不是 UTF-8 编码；请用“UTF-8”编码另存此文件") from None
    return parse_form(text, source_file)


def duplicate_form(form: Form, forms: dict[str, Form]) -> FormFileError | None:
    """The error for a form whose id an earlier file of the same folder already took."""
    if form.id not in forms:
        return None
    return FormFileError(form.source_file, "id", f"“{form.id}”与 {forms[form.id].source_file} 重复；每个表单的 id 必须不同")


def parse_form(text: str, source_file: str) -> Form:
    """A form from the text of a TOML file; `source_file` names it in every error."""
    text = text.removeprefix("\ufeff")  # Windows Notepad's UTF-8 mark
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormFileError(source_file, "", _toml_error(str(exc))) from None
    except RecursionError:  # "a = [[[[…" nested thousands deep
        raise FormFileError(source_file, "", "嵌套过深，不是表单文件") from None
    except ValueError:  # a number past Python's 4300-digit limit
        raise FormFileError(source_file, "", "有位数过多的数字，不是表单文件") from None
    return _FormReader(source_file).read(data)


def _toml_error(detail: str) -> str:
    m = re.search(r"\(at line (\d+), column (\d+)\)", detail)
    where = f"第 {m.group(1)} 行第 {m.group(2)} 列" if m else "文件末尾" if "end of document" in detail else ""
    lowered = detail.lower()
    hints = (
        ("expected '=' after a key", "键后面应有“=”"),
        ("invalid value", "值的写法不对（文字要用英文双引号 \" \" 括起来）"),
        ("cannot overwrite a value", "同一个键写了两次"),
        ("cannot declare", "同一个表写了两次"),
        ("unterminated string", "字符串缺少结束的引号"),
        ("unclosed", "括号或引号没有配对"),
        ("illegal character", "含有不允许的字符（如控制字符）"),
        ("invalid statement", "这一行不是“键 = 值”或 [表名] 的写法"),
    )
    hint = next((h for k, h in hints if k in lowered), "写法不符合 TOML 格式")
    return f"TOML 语法错误（{where}）：{hint}" if where else f"TOML 语法错误：{hint}"


_TOP_KEYS = ("id", "title", "heading", "items", "basis", "paper", "time_limit", "working_days", "materials",
             "procedure", "attestation", "fields", "body", "verification_required", "decision_when_major", "note",
             "reason_required")
_FIELD_KEYS = ("key", "label", "type", "required", "max_length", "help", "choices", "min", "max",
               "allow_future", "not_before", "required_when")
_ATTESTATION_KEYS = ("title", "opinion", "signer", "seal", "date_line")


class _FormReader:
    """Reads the parsed TOML, collecting every fault before it refuses the file."""

    def __init__(self, source_file: str):
        self.file = source_file
        self.errors: list[tuple[str, str]] = []

    def fail(self, key: str, message: str) -> None:
        self.errors.append((key, message))

    def read(self, data: dict) -> Form:
        self.unknown_keys(data, _TOP_KEYS, "")
        form_id = self.string(data, "id", "", required=True, limit=40)
        if form_id and not _KEY.fullmatch(form_id):
            self.fail("id", f"应为小写英文字母、数字和下划线（以字母开头），实为“{_shown(form_id)}”")
        title = self.string(data, "title", "", required=True, limit=40)
        heading = self.string(data, "heading", "", limit=40) or title
        items = self.strings(data, "items", "", required=True, allow_empty=True)
        if len(set(items)) != len(items):
            self.fail("items", "有重复的事项编码")
        basis = self.string(data, "basis", "", required=True, limit=500)
        paper = self.string(data, "paper", "", required=True)
        if paper and paper not in PAPER_SIZES:
            self.fail("paper", f"应为 \"A4\" 或 \"A5\"，实为“{_shown(paper)}”")
        days = self.time_limit(data)
        materials = self.strings(data, "materials", "", required=True)
        procedure = self.strings(data, "procedure", "", required=True)
        attestation = self.attestation(data.get("attestation"))
        fields = self.fields(data.get("fields", []))
        body = self.string(data, "body", "", required=True, limit=5000)
        verification_required = self.boolean(data, "verification_required")
        # forms that take time are the ones that need an investigation (二(三)10: 详细调查核实):
        # they carry the major-matter / legal-risk record unless the file says otherwise
        decision_when_major = self.boolean(data, "decision_when_major", default=days > 0)
        reason_required = self.boolean(data, "reason_required")
        note = self.string(data, "note", "", limit=2000)
        self.check_body(body, fields)
        if self.errors:
            (key, message), *_ = self.errors
            problems = [Problem("error", m, k) for k, m in self.errors] if len(self.errors) > 1 else None
            raise FormFileError(self.file, key, message, problems)
        return Form(
            id=form_id, title=title, heading=heading, items=tuple(items), basis=basis, paper=paper,
            time_limit_days=days, materials=tuple(materials), procedure=tuple(procedure),
            attestation=attestation, fields=tuple(fields), body=body, source_file=self.file,
            verification_required=verification_required, decision_when_major=decision_when_major, note=note,
            reason_required=reason_required,
        )

    # ── pieces ──

    def unknown_keys(self, table: dict, allowed: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                if prefix and key in _TOP_KEYS:
                    self.fail(prefix + _shown(key, 40), f"不是此表的键：“{key}”是顶层的键，要写在第一个 [attestation] "
                              "或 [[fields]] 之前（表头之后的键都属于那个表）")
                    continue
                close = difflib.get_close_matches(key, allowed, n=1)
                guess = f"是否想写“{close[0]}”？" if close else ""
                self.fail(prefix + _shown(key, 40), f"不是可用的键（{guess}可用：{'、'.join(allowed)}）")

    def string(self, table: dict, key: str, prefix: str, *, required: bool = False, limit: int = 200) -> str:
        value = table.get(key)
        where = prefix + key
        if value is None:
            if required:
                self.fail(where, "缺少：此键必填")
            return ""
        if not isinstance(value, str):
            self.fail(where, f"应为文字（用双引号括起来），实为 {_toml_kind(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(where, "不能为空")
        if len(value) > limit:
            self.fail(where, f"太长：最多 {limit} 个字，现有 {len(value)} 个字")
        bad = next((ch for ch in value if not _allowed_char(ch, multiline=True) and ch != "\t"), None)
        if bad is not None:
            self.fail(where, f"含有控制字符 U+{ord(bad):04X}")
        return value

    def strings(self, table: dict, key: str, prefix: str, *, required: bool = False,
                allow_empty: bool = False) -> list[str]:
        value = table.get(key)
        where = prefix + key
        if value is None:
            if required:
                self.fail(where, "缺少：此键必填" + ("（没有时写 []）" if allow_empty else ""))
            return []
        if not isinstance(value, list):
            self.fail(where, f"应为列表，如 [\"…\", \"…\"]，实为 {_toml_kind(value)}")
            return []
        if not value and not allow_empty:
            self.fail(where, "不能是空列表")
        out = []
        for i, item in enumerate(value, 1):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{where}[{i}]", "应为不空的文字")
            else:
                out.append(item.strip())
        return out

    def boolean(self, table: dict, key: str, prefix: str = "", default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.fail(prefix + key, f"应为 true 或 false，实为 {_toml_kind(value)}")
            return default
        return value

    def time_limit(self, data: dict) -> int:
        has_text, has_days = "time_limit" in data, "working_days" in data
        if has_text and has_days:
            self.fail("working_days", "与 time_limit 只能写一个")
            return 0
        if has_days:
            days = data["working_days"]
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WORKING_DAYS:
                self.fail("working_days", f"应为 1–{MAX_WORKING_DAYS} 的整数（当场办结写 time_limit = \"当场\"），"
                          f"实为 {_toml_kind(days)}")
                return 0
            return days
        if not has_text:
            self.fail("time_limit", "缺少：写 time_limit = \"当场\"，或 working_days = 3 这样的工作日数")
            return 0
        text = data["time_limit"]
        if isinstance(text, str) and text.strip() == "当场":
            return 0
        m = _TIME_LIMIT.fullmatch(text.strip()) if isinstance(text, str) else None
        if m and 1 <= int(m.group(1)) <= MAX_WORKING_DAYS:
            return int(m.group(1))
        self.fail("time_limit", f"应为 \"当场\" 或 \"3个工作日\" 这样的写法，实为 {_toml_kind(text)}")
        return 0

    def attestation(self, table) -> Attestation | None:
        if table is None:
            return None
        if not isinstance(table, dict):
            self.fail("attestation", f"应为表 [attestation]，实为 {_toml_kind(table)}")
            return None
        self.unknown_keys(table, _ATTESTATION_KEYS, "attestation.")
        p = "attestation."
        title = self.string(table, "title", p, required=True, limit=40)
        opinion = self.string(table, "opinion", p, limit=300)
        signer = self.string(table, "signer", p, limit=40) if "signer" in table else Attestation.signer
        seal = self.string(table, "seal", p, limit=60) if "seal" in table else Attestation.seal
        date_line = self.string(table, "date_line", p, limit=40) if "date_line" in table else Attestation.date_line
        return Attestation(title, opinion, signer, seal, date_line)

    def fields(self, value) -> list[Field]:
        if not isinstance(value, list):
            self.fail("fields", f"应写成 [[fields]] 表的数组，实为 {_toml_kind(value)}")
            return []
        out: list[Field] = []
        seen: dict[str, int] = {}
        for i, table in enumerate(value, 1):
            p = f"fields[{i}]."
            if not isinstance(table, dict):
                self.fail(f"fields[{i}]", f"应为 [[fields]] 表，实为 {_toml_kind(table)}")
                continue
            self.unknown_keys(table, _FIELD_KEYS, p)
            key = self.string(table, "key", p, required=True, limit=40)
            if key and not _KEY.fullmatch(key):
                self.fail(p + "key", f"应为小写英文字母、数字和下划线（以字母开头），实为“{_shown(key)}”")
            elif key in STANDARD_FIELDS:
                self.fail(p + "key", f"“{key}”（{STANDARD_FIELDS[key]}）是标准字段，由程序提供，表单里不要再声明")
            elif key in seen:
                self.fail(p + "key", f"“{key}”与 fields[{seen[key]}] 重复")
            elif key:
                seen[key] = i
            label = self.string(table, "label", p, required=True, limit=30)
            kind = self.string(table, "type", p, required=True)
            if kind and kind not in FIELD_TYPES:
                self.fail(p + "type", f"应为 {'、'.join(FIELD_TYPES)} 之一，实为“{_shown(kind)}”")
                kind = ""
            required = self.boolean(table, "required", p)
            default_length = FIELD_TYPES[kind][1] if kind else 50
            max_length = table.get("max_length", default_length)
            if isinstance(max_length, bool) or not isinstance(max_length, int) or not 1 <= max_length <= 10000:
                self.fail(p + "max_length", f"应为 1–10000 的整数，实为 {_toml_kind(max_length)}")
                max_length = default_length
            help_text = self.string(table, "help", p, limit=200)
            choices = tuple(self.strings(table, "choices", p, required=kind == "choice"))
            if choices and kind and kind != "choice":
                self.fail(p + "choices", "只有 type = \"choice\" 的字段才能有 choices")
            if len(set(choices)) != len(choices):
                self.fail(p + "choices", "有重复的选项")
            minimum = self.number(table, "min", p, kind)
            maximum = self.number(table, "max", p, kind)
            if minimum is not None and maximum is not None and minimum > maximum:
                self.fail(p + "max", "不能小于 min")
            allow_future = self.boolean(table, "allow_future", p)
            if "allow_future" in table and kind and kind not in ("date", "year_month"):
                self.fail(p + "allow_future", "只有日期、年月字段才能有 allow_future")
            not_before = self.string(table, "not_before", p, limit=40)
            if not_before and kind and kind != "date":
                self.fail(p + "not_before", "只有日期字段才能有 not_before")
            required_when = self.required_when(table.get("required_when"), p)
            out.append(Field(key=key, label=label, type=kind or "text", required=required, max_length=max_length,
                             help=help_text, choices=choices, minimum=minimum, maximum=maximum,
                             allow_future=allow_future, not_before=not_before, required_when=required_when))
        by_key = {f.key: (i, f) for i, f in enumerate(out, 1)}
        for i, f in enumerate(out, 1):
            if f.not_before:
                target = by_key.get(f.not_before)
                if target is None or target[1].type != "date":
                    self.fail(f"fields[{i}].not_before", f"“{_shown(f.not_before)}”不是本表的日期字段")
            for k, v in f.required_when:
                target = by_key.get(k)
                if target is None:
                    self.fail(f"fields[{i}].required_when", f"“{_shown(k)}”不是本表的字段")
                elif target[1].type == "choice" and v not in target[1].choices:
                    self.fail(f"fields[{i}].required_when", f"“{_shown(v)}”不是 {k} 的可选值")
        return out

    def number(self, table: dict, key: str, prefix: str, kind: str) -> Decimal | None:
        if key not in table:
            return None
        value = table[key]
        if kind not in ("integer", "money"):
            if kind:
                self.fail(prefix + key, "只有整数、金额字段才能有 min/max")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(prefix + key, f"应为数字，实为 {_toml_kind(value)}")
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.fail(prefix + key, f"应为数字，实为 {_toml_kind(value)}")
            return None

    def required_when(self, value, prefix: str) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
            self.fail(prefix + "required_when", "应写成 { 字段 = \"值\" }，如 { marital_status = \"已婚\" }")
            return ()
        return tuple((k, v) for k, v in value.items())

    def check_body(self, body: str, fields: list[Field]) -> None:
        if not body:
            return
        known = {f.key for f in fields} | set(STANDARD_FIELDS)
        for name in _PLACEHOLDER.findall(body):
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                guess = f"，是否想写 {{{close[0]}}}" if close else ""
                self.fail("body", f"中的 {{{_shown(name, 40)}}} 既不是本表的字段，也不是标准字段{guess}")
        stray = _PLACEHOLDER.sub("", body)
        if "{" in stray or "}" in stray:
            line = next(n for n, text in enumerate(_PLACEHOLDER.sub("", body).split("\n"), 1) if "{" in text or "}" in text)
            self.fail("body", f"第 {line} 行（从 body 的第一行算起）有不配对的花括号；占位符写作 {{key}}")


def _toml_kind(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"“{_shown(value)}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "表"
    return type(value).__name__
