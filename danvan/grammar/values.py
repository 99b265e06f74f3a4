"""Observed values: the single grammar for what people type in a value cell, and how we print numbers.

Reports mix Vietnamese ("2.500", "53,33%") and English Excel ("2,500", "53.33") number formats, ratios
("13/17"), qualifiers ("trên 90%"), ranges ("50–75%") and plans ("dự kiến 12"). Reading them all here,
into explicit fields, keeps "trên 90%" from silently becoming "90%" anywhere else.

Two rules every reader of a value cell follows, written once here:

* **Not reported** (`is_not_reported`): a blank cell, or a cell holding only one of NOT_REPORTED_MARKERS
  ("-", "–", "—", "x", "X", "..", "...", "…", "không", "không có", "chưa có", "k/c", case and accents ignored),
  means the figure was not reported: nothing is stored and the row is counted, never refused. A marker is
  never a number: a dash is not zero (statistical offices use "-" for "nothing happened" *and* for "no data",
  and "không" is also the word for the digit 0), so a zero is written 0.
* **Digits**: full-width and other Unicode decimal digits ("１２３", Arabic-Indic "١٢٣") and the full-width
  "％ ， ． ／" are read as their ASCII forms, as the unit resolver reads codes; "１２３" is 123. Signs that only
  look like digits (a superscript "²") are not read as digits.
* **Finite**: a number too large for a float ("1" and 400 zeros) is refused, never stored as infinity; how large
  a figure may be is the indicator's business (data/catalogue/measures.yml, checked on import).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from danvan.grammar.text import ascii_digits, fold, nfc

__all__ = [
    "NOT_REPORTED_MARKERS",
    "QUALIFIERS",
    "STATUSES",
    "ParsedValue",
    "ValueParseError",
    "format_number",
    "format_observation",
    "format_percent",
    "is_not_reported",
    "parse_number",
    "parse_plain_values",
    "parse_value",
    "shown_agrees",
]

QUALIFIERS = ("=", ">", ">=", "<", "<=", "~", "range")
STATUSES = ("actual", "expected", "target")

_LANGS = ("vi", "en")

# A cell holding only one of these means "not reported" (see the module docstring); compared folded.
NOT_REPORTED_MARKERS = ("-", "–", "—", "x", "X", "..", "...", "…", "không", "không có", "chưa có", "k/c")
_MARKERS_FOLDED = frozenset(fold(m) for m in NOT_REPORTED_MARKERS)


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
    # Whether the text itself says how it compares ("trên", "từ … trở lên", a range) or what it is ("dự kiến",
    # "kế hoạch"): only then can it contradict a qualifier or status column.
    qualifier_written: bool = False
    status_written: bool = False
    decimals: int = 0  # decimals written in the value ("76,5%" → 1): the precision a check may expect of it

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
_FULL_WIDTH = str.maketrans({"\uff05": "%", "\uff0c": ",", "\uff0e": ".", "\uff0f": "/"})


def _ascii(text: str) -> str:
    """Unicode decimal digits as ASCII ("１２３" → "123"), full-width % , . / as ASCII; nothing else changes."""
    return ascii_digits(text).translate(_FULL_WIDTH)


def is_not_reported(text: object) -> bool:
    """True for a blank cell or one of NOT_REPORTED_MARKERS alone (the "not reported" rule above)."""
    if text is None:
        return True
    shown = fold(str(text))
    return not shown or shown in _MARKERS_FOLDED


def _grouped(int_part: str, sep: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})*", int_part) is not None


def parse_number(text: str) -> float:
    """Read a number written the Vietnamese way ("1.234,5") or the English way ("1,234.5").

    When only one separator appears once, three digits after it with a 1–3 digit integer part not
    starting with 0 mean thousands ("2.500", "2,500"); anything else is a decimal mark ("53,33", "0,500").
    """
    return _number(text)[0]


def _number(text: str) -> tuple[float, int]:
    """parse_number, with the number of decimals written ("2.500" → 0, "2,50" → 2)."""
    shown = nfc(str(text)).strip()
    s = _SPACE_CHARS.sub(" ", _ascii(shown).translate(_MINUSES)).strip()
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
        digits, places = f"{int_part}.{frac or 0}", len(frac)
    elif not re.fullmatch(r"[0-9.,]+", s) or not any(ch.isdigit() for ch in s):
        raise bad("chỉ được có chữ số, dấu chấm, dấu phẩy và dấu trừ ở đầu.")
    else:
        digits, places = _digits(s, bad)
    number = float(sign + digits)
    if not math.isfinite(number):
        raise bad(f"số có {len(digits.split('.')[0])} chữ số, quá lớn.")
    return number, places


def _digits(s: str, bad: Callable[[str], ValueParseError]) -> tuple[str, int]:
    """Digits with "." as the decimal mark, and the decimals written, of an unsigned number without spaces."""
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        int_part, _, frac = s.rpartition(dec)
        if dec in int_part or not frac or not _grouped(int_part, grp):
            raise bad(f'dấu "{grp}" tách hàng nghìn và dấu "{dec}" thập phân đặt không đúng chỗ.')
        digits, places = f"{int_part.replace(grp, '')}.{frac}", len(frac)
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", s):
            raise bad(f'dấu "{sep}" lặp lại nên phải tách đúng từng nhóm 3 chữ số.')
        digits, places = s.replace(sep, ""), 0
    elif dots or commas:
        sep = "." if dots else ","
        int_part, _, frac = s.partition(sep)
        if not frac:
            raise bad(f'thiếu chữ số sau dấu "{sep}".')
        if len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0"):
            digits, places = int_part + frac, 0
        else:
            digits, places = f"{int_part or '0'}.{frac}", len(frac)
    else:
        digits, places = s, 0
    return digits, places


def shown_agrees(shown: float, decimals: int, exact: float) -> bool:
    """Whether a number shown with `decimals` decimals can be `exact` rounded: within half a unit of its last
    decimal ("76,5" and "76" agree with 76,47…; "76,4" does not)."""
    return abs(shown - exact) <= 0.5 * 10.0 ** -decimals * (1 + 1e-9)


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f'Ngôn ngữ "{lang}" không được hỗ trợ; chỉ có "vi" và "en".')


def format_number(x: float, decimals: int = 2, lang: str = "vi", trim: bool = True) -> str:
    """At most ``decimals`` decimals, zeros trimmed: 1234567.891 → "1.234.567,89" ("1,234,567.89" in en);
    ``trim=False`` keeps exactly ``decimals`` (a score: 5.3 → "5,30").

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
    if "." in text and trim:
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

_NUM = r"[+-]?(?:[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?(?![0-9.,])|[0-9][0-9.,]*[0-9]|[0-9])"


def _term(name: str) -> str:
    return rf"(?P<{name}>{_NUM})(?:\s*/\s*(?P<{name}d>{_NUM}))?(?P<{name}p>\s*(?:%|phan tram\b))?"


_SINGLE_RE = re.compile(_term("a"))
_RANGE_RE = re.compile(_term("a") + r"\s*(?:[-–—]|\.\.|den\b|toi\b)\s*" + _term("b"))
_PAREN_RE = re.compile(r"\([^)]*\)")
_PAREN_PERCENT_RE = re.compile(r"\(\s*(" + _NUM + r")\s*%\s*\)")


def _bad(shown: str, reason: str) -> ValueParseError:
    return ValueParseError(f'Không hiểu giá trị "{shown}": {reason}', shown, reason)


def _read_term(match: re.Match[str], name: str, shown: str) -> tuple[float, float | None, bool, int]:
    """(number, denominator or None, percent written, decimals written) for one side of the match."""
    try:
        number, places = _number(match[name])
        denominator = parse_number(match[name + "d"]) if match[name + "d"] else None
    except ValueParseError as exc:
        raise _bad(shown, f'số "{exc.text}" viết chưa đúng: {exc.reason}') from None
    if denominator == 0:
        raise _bad(shown, "mẫu số bằng 0.")
    return number, denominator, bool(match[name + "p"]), places


def parse_value(text: str) -> ParsedValue:
    """Read one value cell into explicit fields; raise ValueParseError (Vietnamese) when unsure.

    Negative numbers are kept: whether a negative count makes sense is the caller's decision.
    """
    shown = nfc(str(text)).strip()
    s = fold(_ascii(shown).translate(_MINUSES))
    if not s:
        raise ValueParseError("Ô giá trị đang để trống.")
    if s in _MARKERS_FOLDED:
        raise ValueParseError(f'Ô "{shown}" nghĩa là không báo cáo, không có số (số không ghi là 0).', shown,
                              "không báo cáo.")

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

    status_written = status is not None
    status = status or "actual"
    if match.re is _RANGE_RE:
        if qualifier not in (None, "~") or suffix:
            raise _bad(shown, "một khoảng giá trị không đi kèm “trên/dưới/ít nhất/tối đa”.")
        low, low_den, low_pct, _ = _read_term(match, "a", shown)
        high, high_den, high_pct, _ = _read_term(match, "b", shown)
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
        return ParsedValue(None, None, None, low, high, "range", status, is_percent, shown,
                           qualifier_written=True, status_written=status_written)

    if suffix:
        if qualifier not in (None, suffix):
            raise _bad(shown, "cách so sánh ở đầu và “trở lên/trở xuống” ở cuối mâu thuẫn nhau.")
        qualifier = suffix
    elif from_word:
        if qualifier not in (None, ">="):
            raise _bad(shown, "“từ” chỉ đi với một khoảng (từ … đến …) hoặc “trở lên”.")
        qualifier = ">="
    number, denominator, is_percent, places = _read_term(match, "a", shown)
    written = {"qualifier_written": qualifier is not None, "status_written": status_written}
    qualifier = qualifier or "="
    if denominator is not None:
        share = number / denominator * 100
        if said := _PAREN_PERCENT_RE.search(rest):
            percent, percent_places = _number(said[1])
            if not shown_agrees(percent, percent_places, share):
                raise _bad(shown, f"tỷ lệ ghi trong ngoặc ({said[1]}%) khác tỷ lệ của "
                                  f"{format_number(number)}/{format_number(denominator)} "
                                  f"({format_percent(share)}).")
        return ParsedValue(share, number, denominator, None, None, qualifier, status, True, shown, **written)
    return ParsedValue(number, None, None, None, None, qualifier, status, is_percent, shown, **written,
                       decimals=places)


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

# [0-9], not \\d: Polars' \\d is Unicode, and "１２３" would pass here and cast to null. Other digits, like every
# text that is not a plain number, go to parse_value one by one.
_PLAIN = r"^-?(?:[0-9]+|[0-9]+[.,][0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+)(?: ?%)?$"
_GROUPED_ONE = r"^-?[1-9][0-9]{0,2}[.,][0-9]{3}(?: ?%)?$"
_GROUPED_MANY = r"^-?[0-9]{1,3}(?:(?:\.[0-9]{3}){2,}|(?:,[0-9]{3}){2,})(?: ?%)?$"
_RATIO = r"^(?<num>[0-9]+)/(?<den>[0-9]+)$"


def parse_plain_values(texts: pl.Series) -> pl.DataFrame:
    """The same grammar as `parse_value`, vectorised for the plain numbers and ratios that make up most of a
    big return ("2.500", "53,33%", "13/17").

    Returns text, plain (False = anything else: the caller parses those one by one with `parse_value`), value,
    numerator, denominator, is_percent, decimals, and qualifier_written / status_written (always False: a plain
    number has no words). tests/core/grammar/test_values.py checks with hypothesis that both agree on every input
    this path accepts.
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
    places = (pl.when(grouping | is_ratio).then(pl.lit(0, pl.Int64))
              .otherwise(body.str.extract(r"[.,]([0-9]+)$", 1).str.len_chars().cast(pl.Int64).fill_null(0)))
    value = pl.when(is_ratio).then(100.0 * num / den).when(number).then(digits.cast(pl.Float64, strict=False))
    return frame.with_columns(
        # A number too large for a float is left to parse_value, which refuses it.
        plain=((number | is_ratio) & value.is_finite() & num.is_finite().fill_null(True)
               & den.is_finite().fill_null(True)).fill_null(False),
        value=value,
        numerator=pl.when(is_ratio).then(num),
        denominator=pl.when(is_ratio).then(den),
        is_percent=(text.str.ends_with("%") | is_ratio).fill_null(False),
        decimals=places.fill_null(0),
        qualifier_written=pl.lit(False),
        status_written=pl.lit(False),
    )
