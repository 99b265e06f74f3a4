"""Observed values: the single grammar for what people type in a value cell, and how we print numbers.

Reports mix Vietnamese ("2.500", "53,33%") and English Excel ("2,500", "53.33") number formats, ratios
("13/17"), qualifiers ("trên 90%"), ranges ("50–75%") and plans ("dự kiến 12"). Reading them all here,
into explicit fields, keeps "trên 90%" from silently becoming "90%" anywhere else.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from danvan.grammar.text import fold, nfc

__all__ = [
    "QUALIFIERS",
    "STATUSES",
    "ParsedValue",
    "ValueParseError",
    "format_number",
    "format_observation",
    "format_percent",
    "parse_number",
    "parse_value",
]

QUALIFIERS = ("=", ">", ">=", "<", "<=", "~", "range")
STATUSES = ("actual", "expected", "target")

_LANGS = ("vi", "en")


class ValueParseError(ValueError):
    """A value cell that cannot be read; the message is shown to users as is.

    ``text`` and ``reason`` keep the offending text and the bare reason so callers can rephrase.
    """

    def __init__(self, message: str, text: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.text = text
        self.reason = reason or message


@dataclass(frozen=True)
class ParsedValue:
    """One observation as written: a number, a ratio or a range, with its qualifier and status.

    For a ratio ``value`` is the percentage numerator/denominator × 100; for a range ``value`` is None
    and the bounds are in ``low``/``high`` (fraction ranges are turned into percentages).
    """

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "="
    status: str = "actual"
    is_percent: bool = False
    raw: str = ""

    def format(self, lang: str = "vi") -> str:
        """Display text; see :func:`format_observation`."""
        return format_observation(
            self.value, self.numerator, self.denominator, self.low, self.high,
            self.qualifier, self.status, self.is_percent, lang=lang,
        )  # fmt: skip


# --- numbers -----------------------------------------------------------------------------------------

_SPACE_CHARS = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_MINUSES = str.maketrans({"\u2212": "-", "\u2012": "-", "\ufe63": "-", "\uff0d": "-"})


def _grouped(int_part: str, sep: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})*", int_part) is not None


def parse_number(text: str) -> float:
    """Read a number written the Vietnamese way ("1.234,5") or the English way ("1,234.5").

    When only one separator appears once, three digits after it with a 1–3 digit integer part not
    starting with 0 mean thousands ("2.500", "2,500"); anything else is a decimal mark ("53,33", "0,500").
    """
    shown = nfc(str(text)).strip()
    s = _SPACE_CHARS.sub(" ", shown.translate(_MINUSES)).strip()
    if not s:
        raise ValueParseError("Ô số đang để trống.")

    def bad(reason: str) -> ValueParseError:
        return ValueParseError(f'Không hiểu số "{shown}": {reason}', shown, reason)

    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:].strip()
    if " " in s:
        if not _SPACE_GROUPED.fullmatch(s):
            raise bad("khoảng trắng chỉ được dùng để tách hàng nghìn (ví dụ 2 500).")
        s = s.replace(" ", "")
        int_part, _, frac = s.replace(",", ".").partition(".")
        return float(f"{sign}{int_part}.{frac or 0}")
    if not re.fullmatch(r"[\d.,]+", s) or not any(ch.isdigit() for ch in s):
        raise bad("chỉ được có chữ số, dấu chấm, dấu phẩy và dấu trừ ở đầu.")

    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        int_part, _, frac = s.rpartition(dec)
        if dec in int_part or not frac or not _grouped(int_part, grp):
            raise bad(f'dấu "{grp}" tách hàng nghìn và dấu "{dec}" thập phân đặt không đúng chỗ.')
        digits = f"{int_part.replace(grp, '')}.{frac}"
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", s):
            raise bad(f'dấu "{sep}" lặp lại nên phải tách đúng từng nhóm 3 chữ số.')
        digits = s.replace(sep, "")
    elif dots or commas:
        sep = "." if dots else ","
        int_part, _, frac = s.partition(sep)
        if not frac:
            raise bad(f'thiếu chữ số sau dấu "{sep}".')
        if len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0"):
            digits = int_part + frac
        else:
            digits = f"{int_part or '0'}.{frac}"
    else:
        digits = s
    return float(sign + digits)


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f'Ngôn ngữ "{lang}" không được hỗ trợ; chỉ có "vi" và "en".')


def format_number(x: float, decimals: int = 2, lang: str = "vi") -> str:
    """At most ``decimals`` decimals, zeros trimmed: 1234567.891 → "1.234.567,89" ("1,234,567.89" in en).

    Rounds half away from zero on the shortest decimal form, so 53.335 shows as "53,34" as people expect.
    """
    _check_lang(lang)
    if not math.isfinite(x):
        raise ValueError(f"Không thể hiển thị số {x!r}.")
    quantum = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    d = Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)
    text = f"{d:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_percent(x: float, decimals: int = 2, lang: str = "vi") -> str:
    """format_number with a percent sign: 53.3333 → "53,33%"."""
    return format_number(x, decimals, lang) + "%"


# --- observations ------------------------------------------------------------------------------------

# Prefix words, matched on folded text; the longest phrase wins ("khong qua" before "qua").
_PREFIXES: dict[str, tuple[str, str]] = {}
for _kind, _result, _phrases in (
    ("status", "expected", "du kien|expected|forecast"),
    ("status", "target", "ke hoach|muc tieu|chi tieu|phan dau|target|plan"),
    ("qualifier", ">", "tren|hon|nhieu hon|qua|vuot|vuot qua|vuot tren|over|above|more than|>"),
    ("qualifier", ">=", "it nhat|toi thieu|khong duoi|khong it hon|at least|>=|=>|≥|⩾"),
    ("qualifier", "<", "duoi|chua den|chua toi|chua dat|it hon|under|below|less than|<"),
    ("qualifier", "<=", "toi da|khong qua|khong vuot qua|khong hon|at most|<=|=<|≤|⩽"),
    ("qualifier", "~", "khoang|gan|xap xi|chung|tren duoi|uoc|uoc dat|uoc tinh|about|around|approx"
                       "|approximately|~|≈"),
    ("from", "", "tu|from"),
    ("noise", "", "dat|la|bang|them|=|:"),
):  # fmt: skip
    for _phrase in _phrases.split("|"):
        _PREFIXES[_phrase] = (_kind, _result)
_PREFIX_RE = re.compile(
    "|".join(
        re.escape(p) + (r"(?=[\s\d+\-.,:]|$)" if p[-1].isalpha() else "")
        for p in sorted(_PREFIXES, key=len, reverse=True)
    )
)
_SUFFIX_STATUS = (
    ("du kien", "expected"), ("ke hoach", "target"), ("muc tieu", "target"), ("chi tieu", "target"),
)  # fmt: skip

_NUM = r"[+-]?(?:\d{1,3}(?: \d{3})+(?:[.,]\d+)?(?![\d.,])|\d[\d.,]*\d|\d)"


def _term(name: str) -> str:
    return rf"(?P<{name}>{_NUM})(?:\s*/\s*(?P<{name}d>{_NUM}))?(?P<{name}p>\s*(?:%|phan tram\b))?"


_SINGLE_RE = re.compile(_term("a"))
_RANGE_RE = re.compile(_term("a") + r"\s*(?:[-–—]|\.\.|den\b|toi\b)\s*" + _term("b"))
_PAREN_RE = re.compile(r"\([^)]*\)")


def _bad(shown: str, reason: str) -> ValueParseError:
    return ValueParseError(f'Không hiểu giá trị "{shown}": {reason}', shown, reason)


def _read_term(match: re.Match[str], name: str, shown: str) -> tuple[float, float | None, bool]:
    """(number, denominator or None, percent written) for one side of the match."""
    try:
        number = parse_number(match[name])
        denominator = parse_number(match[name + "d"]) if match[name + "d"] else None
    except ValueParseError as exc:
        raise _bad(shown, f'số "{exc.text}" viết chưa đúng: {exc.reason}') from None
    if denominator == 0:
        raise _bad(shown, "mẫu số bằng 0.")
    return number, denominator, bool(match[name + "p"])


def parse_value(text: str) -> ParsedValue:
    """Read one value cell into explicit fields; raise ValueParseError (Vietnamese) when unsure.

    Negative numbers are kept: whether a negative count makes sense is the caller's decision.
    """
    shown = nfc(str(text)).strip()
    s = fold(shown.translate(_MINUSES))
    if not s:
        raise ValueParseError("Ô giá trị đang để trống.")

    status: str | None = None
    qualifier: str | None = None
    from_word = False
    while m := _PREFIX_RE.match(s):
        kind, result = _PREFIXES[m[0]]
        if kind == "status":
            if status not in (None, result):
                raise _bad(shown, "vừa ghi dự kiến vừa ghi kế hoạch/mục tiêu.")
            status = result
        elif kind == "qualifier":
            if qualifier not in (None, result):
                raise _bad(shown, "có hai cách so sánh khác nhau (ví dụ vừa “trên” vừa “dưới”).")
            qualifier = result
        elif kind == "from":
            from_word = True
        s = s[m.end() :].lstrip(" :")

    if s.count("/") > 2 or re.search(r"\d\s*/\s*\d+\s*/\s*\d", s):
        raise _bad(shown, "có nhiều hơn một dấu / (chỉ ghi một số, một tỉ lệ a/b hoặc một khoảng).")
    match = _RANGE_RE.match(s) or _SINGLE_RE.match(s)
    if match is None:
        raise _bad(shown, "không tìm thấy con số nào ở đầu (ví dụ 2.500, 53,33%, 13/17, 50–75%).")

    rest = s[match.end() :]
    for phrase, result in _SUFFIX_STATUS:
        if phrase in rest:
            if status not in (None, result):
                raise _bad(shown, "vừa ghi dự kiến vừa ghi kế hoạch/mục tiêu.")
            status = result
    rest_plain = _PAREN_RE.sub(" ", rest)
    if re.search(r"\btro len\b", rest_plain):
        suffix: str | None = ">="
    elif re.search(r"\btro xuong\b", rest_plain):
        suffix = "<="
    else:
        suffix = None
    if re.search(r"\d", rest_plain) or not re.fullmatch(r"[\w\s.,;:%()/]*", rest_plain):
        raise _bad(shown, f'phần "{rest.strip()}" sau con số không phải là đơn vị tính.')

    status = status or "actual"
    if match.re is _RANGE_RE:
        if qualifier not in (None, "~") or suffix:
            raise _bad(shown, "một khoảng giá trị không đi kèm “trên/dưới/ít nhất/tối đa”.")
        low, low_den, low_pct = _read_term(match, "a", shown)
        high, high_den, high_pct = _read_term(match, "b", shown)
        if (low_den is None) != (high_den is None):
            raise _bad(shown, "hai đầu khoảng phải cùng dạng (cùng là phân số hoặc cùng là số).")
        is_percent = low_pct or high_pct
        if low_den is not None and high_den is not None:
            low, high, is_percent = low / low_den * 100, high / high_den * 100, True
        if low > high:
            raise _bad(
                shown,
                f"cận dưới ({format_number(low)}) lớn hơn cận trên ({format_number(high)}).",
            )
        return ParsedValue(None, None, None, low, high, "range", status, is_percent, shown)

    if suffix:
        if qualifier not in (None, suffix):
            raise _bad(shown, "cách so sánh ở đầu và “trở lên/trở xuống” ở cuối mâu thuẫn nhau.")
        qualifier = suffix
    elif from_word:
        if qualifier not in (None, ">="):
            raise _bad(shown, "“từ” chỉ đi với một khoảng (từ … đến …) hoặc “trở lên”.")
        qualifier = ">="
    number, denominator, is_percent = _read_term(match, "a", shown)
    qualifier = qualifier or "="
    if denominator is not None:
        return ParsedValue(
            number / denominator * 100, number, denominator, None, None, qualifier, status, True, shown
        )
    return ParsedValue(number, None, None, None, None, qualifier, status, is_percent, shown)


_WORDS = {
    "vi": {">": "trên ", ">=": "ít nhất ", "<": "dưới ", "<=": "tối đa ", "~": "khoảng ",
           "expected": "dự kiến ", "target": "mục tiêu "},
    "en": {">": "over ", ">=": "at least ", "<": "under ", "<=": "at most ", "~": "about ",
           "expected": "expected ", "target": "target "},
}  # fmt: skip


def format_observation(
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    low: float | None,
    high: float | None,
    qualifier: str | None,
    status: str | None,
    is_percent: bool,
    lang: str = "vi",
) -> str:
    """Display an observation without hiding how it was reported ("trên 90%", "48/90 (53,33%)").

    The Vietnamese text parses back to the same fields; an observation with no number gives "".
    """
    _check_lang(lang)
    qualifier = qualifier or "="
    status = status or "actual"
    if qualifier not in QUALIFIERS:
        raise ValueError(f'Cách so sánh "{qualifier}" không có; chỉ có {", ".join(QUALIFIERS)}.')
    if status not in STATUSES:
        raise ValueError(f'Trạng thái "{status}" không có; chỉ có {", ".join(STATUSES)}.')
    words = _WORDS[lang]
    pct = "%" if is_percent else ""

    if qualifier == "range" or (value is None and low is not None and high is not None):
        if low is None or high is None:
            return ""
        body = f"{format_number(low, lang=lang)}–{format_number(high, lang=lang)}{pct}"
    elif numerator is not None and denominator:
        share = value if value is not None else numerator / denominator * 100
        body = (
            f"{format_number(numerator, lang=lang)}/{format_number(denominator, lang=lang)}"
            f" ({format_percent(share, lang=lang)})"
        )
    elif value is None:
        return ""
    else:
        body = format_number(value, lang=lang) + pct

    prefix = "" if qualifier in ("=", "range") else words[qualifier]
    return (words.get(status, "") + prefix + body).strip()


# --- vectorised front ---------------------------------------------------------------------------------

_PLAIN = r"^-?(?:\d+|\d+[.,]\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+)(?: ?%)?$"
_GROUPED_ONE = r"^-?[1-9]\d{0,2}[.,]\d{3}(?: ?%)?$"
_GROUPED_MANY = r"^-?\d{1,3}(?:(?:\.\d{3}){2,}|(?:,\d{3}){2,})(?: ?%)?$"
_RATIO = r"^(?<num>\d+)/(?<den>\d+)$"


def parse_plain_values(texts: pl.Series) -> pl.DataFrame:
    """The same grammar as `parse_value`, vectorised for the plain numbers and ratios that make up most of a
    big return ("2.500", "53,33%", "13/17").

    Returns text, plain (False = anything else: the caller parses those one by one with `parse_value`), value,
    numerator, denominator and is_percent. tests/core/test_values.py checks with hypothesis that both agree on
    every input this path accepts.
    """
    frame = pl.DataFrame({"text": texts.cast(pl.String)})
    text = pl.col("text")
    number = text.str.contains(_PLAIN)
    ratio = text.str.extract_groups(_RATIO)
    num = ratio.struct.field("num").cast(pl.Float64, strict=False)
    den = ratio.struct.field("den").cast(pl.Float64, strict=False)
    is_ratio = num.is_not_null() & den.is_not_null() & (den > 0)
    grouping = text.str.contains(_GROUPED_ONE) | text.str.contains(_GROUPED_MANY)
    body = text.str.strip_chars_end("%").str.strip_chars_end(" ")
    digits = (pl.when(grouping).then(body.str.replace_all(r"[.,]", ""))
              .otherwise(body.str.replace(",", ".", literal=True)))
    return frame.with_columns(
        plain=(number | is_ratio).fill_null(False),
        value=pl.when(is_ratio).then(100.0 * num / den).when(number).then(digits.cast(pl.Float64, strict=False)),
        numerator=pl.when(is_ratio).then(num),
        denominator=pl.when(is_ratio).then(den),
        is_percent=(text.str.ends_with("%") | is_ratio).fill_null(False),
    )
