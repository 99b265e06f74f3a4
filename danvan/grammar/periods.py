"""Reporting periods: the single grammar that turns "Quý II/2023" or "30/9/2020" into a comparable value.

Every importer, filter and chart goes through :func:`parse_period` so that two spellings of the same
period can never end up as two different rows.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from danvan.grammar.text import fold, nfc

__all__ = ["Period", "PeriodError", "find_period", "parse_period", "period_kinds"]

_KINDS = ("year", "half", "quarter", "month", "date")
MIN_YEAR = 1945
MAX_YEAR = 2100

_ROMAN = ("", "I", "II", "III", "IV")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_MONTHS_EN = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

DATE_FORMAT = "%d/%m/%Y"          # a day as the interface writes it (24/11/2026; never the ambiguous 11/24)
MOMENT_FORMAT = "%d/%m/%Y %H:%M"  # a moment (an upload, a sign-in): never ISO


def date_text(day: datetime.date, lang: str = "vi") -> str:
    """24/11/2026 as Vietnamese documents write it; "24 Nov 2026" in English."""
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month][:3]} {day.year}"
    return day.strftime(DATE_FORMAT)


def moment_text(moment: datetime.datetime | None, missing: str = "…") -> str:
    """24/11/2026 21:57; `missing` when there is none."""
    return moment.strftime(MOMENT_FORMAT) if moment else missing


_EXAMPLES = '"2023", "6 tháng đầu năm 2023", "Quý II/2023", "Tháng 5/2023" hoặc "30/9/2020"'


class PeriodError(ValueError):
    """A reporting period that cannot be understood; the message is shown to users as is."""


def period_kinds() -> tuple[str, ...]:
    """The period kinds, coarsest first (the order filters offer them in)."""
    return _KINDS


def _problem(kind: str, year: int, index: int) -> str | None:
    """Why (kind, year, index) is not a real period, in Vietnamese, or None when it is."""
    if kind not in _KINDS:
        return f'loại kỳ "{kind}" không có; chỉ có {", ".join(_KINDS)}.'
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"năm phải từ {MIN_YEAR} đến {MAX_YEAR} (đang là {year})."
    if kind == "year" and index != 0:
        return "kỳ theo năm không có chỉ số con."
    if kind == "half" and index not in (1, 2):
        return "chỉ có 6 tháng đầu năm hoặc 6 tháng cuối năm."
    if kind == "quarter" and not 1 <= index <= 4:
        return "quý phải từ I đến IV."
    if kind == "month" and not 1 <= index <= 12:
        return "tháng phải từ 1 đến 12."
    if kind == "date":
        month, day = divmod(index, 100)
        if not 1 <= month <= 12:
            return "tháng phải từ 1 đến 12."
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return f"ngày {day}/{month}/{year} không có trong lịch."
    return None


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period; within a kind, ordering is chronological.

    ``index`` is the half (1-2), quarter (1-4) or month (1-12); 0 for a year; ``month * 100 + day``
    for a date, so a period is always three plain, hashable fields.
    """

    kind: str
    year: int
    index: int = 0

    def __post_init__(self) -> None:
        problem = _problem(self.kind, self.year, self.index)
        if problem:
            raise PeriodError(f"Kỳ báo cáo không hợp lệ ({self.kind}, {self.year}, {self.index}): {problem}")

    @classmethod
    def from_date(cls, day: datetime.date) -> Period:
        """A point-in-time period ("tính đến ...")."""
        return cls("date", day.year, day.month * 100 + day.day)

    @classmethod
    def from_canonical(cls, text: str) -> Period:
        """Rebuild a period from its canonical text only (what the store keeps)."""
        period = parse_period(text)
        if period.canonical != text.strip():
            raise PeriodError(
                f'Kỳ báo cáo "{nfc(text).strip()}" không ở dạng chuẩn; dạng chuẩn là "{period.canonical}".'
            )
        return period

    @property
    def month(self) -> int:
        """Calendar month of a month or date period (0 otherwise)."""
        if self.kind == "month":
            return self.index
        return self.index // 100 if self.kind == "date" else 0

    @property
    def day(self) -> int:
        """Day of month of a date period (0 otherwise)."""
        return self.index % 100 if self.kind == "date" else 0

    @property
    def canonical(self) -> str:
        """Stable text for storage and URLs: "2018", "2023-H1", "2023-Q2", "2023-05", "2020-09-30"."""
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "half":
            return f"{self.year:04d}-H{self.index}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        if self.kind == "month":
            return f"{self.year:04d}-{self.index:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def start(self) -> datetime.date:
        """First day covered (for a date period, the date itself)."""
        if self.kind == "year":
            return datetime.date(self.year, 1, 1)
        if self.kind == "half":
            return datetime.date(self.year, 6 * self.index - 5, 1)
        if self.kind == "quarter":
            return datetime.date(self.year, 3 * self.index - 2, 1)
        if self.kind == "month":
            return datetime.date(self.year, self.index, 1)
        return datetime.date(self.year, self.month, self.day)

    @property
    def end(self) -> datetime.date:
        """Last day covered, inclusive (for a date period, the date itself)."""
        if self.kind == "date":
            return self.start
        spans = {"year": 12, "half": 6 * self.index, "quarter": 3 * self.index}
        last_month = spans.get(self.kind, self.index)
        return datetime.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def previous(self) -> Period:
        """Same kind, one step back; a date goes back one year (Feb 29 becomes Feb 28)."""
        if self.kind == "year":
            return Period("year", self.year - 1)
        if self.kind == "date":
            day = min(self.day, calendar.monthrange(self.year - 1, self.month)[1])
            return Period("date", self.year - 1, self.month * 100 + day)
        steps = {"half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.index == 1:
            return Period(self.kind, self.year - 1, steps)
        return Period(self.kind, self.year, self.index - 1)

    def label(self, lang: str = "vi") -> str:
        """Human label; the Vietnamese one parses back to the same period."""
        if lang == "vi":
            if self.kind == "year":
                return f"Năm {self.year}"
            if self.kind == "half":
                return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
            if self.kind == "quarter":
                return f"Quý {_ROMAN[self.index]}/{self.year}"
            if self.kind == "month":
                return f"Tháng {self.index}/{self.year}"
            return f"Tính đến {self.day}/{self.month}/{self.year}"
        if lang == "en":
            if self.kind == "year":
                return str(self.year)
            if self.kind == "half":
                return f"H{self.index} {self.year}"
            if self.kind == "quarter":
                return f"Q{self.index} {self.year}"
            if self.kind == "month":
                return f"{_MONTHS_EN[self.index]} {self.year}"
            return f"As of {self.day} {_MONTHS_EN[self.month][:3]} {self.year}"
        raise ValueError(f'Ngôn ngữ "{lang}" không được hỗ trợ; chỉ có "vi" và "en".')

    def __str__(self) -> str:
        return self.canonical


# --- parsing -----------------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(?:ky bao cao|ky)\s*:\s*|^ky bao cao\s+")
_SEP = r"\s*(?:/|-|nam|\s)\s*"  # between a part and the year: "/2023", " năm 2023", " 2023"
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_HALF_WORDS = re.compile(r"^(?:(?:6|sau) thang|nua) (dau|cuoi)(?: nam)?\s*(\d{4})$")
_HALF_SHORT = re.compile(rf"^h(\d+){_SEP}(\d{{4}})$")
_HALF_ISO = re.compile(r"^(\d{4})\s*-\s*h(\d+)$")
_QUARTER = re.compile(rf"^(?:quy|q)\s*([ivxlc]+|\d+){_SEP}(\d{{4}})$")
_QUARTER_ISO = re.compile(r"^(\d{4})\s*-\s*q(\d+)$")
_MONTH_WORDS = re.compile(rf"^thang\s*(\d{{1,2}}){_SEP}(\d{{4}})$")
_MONTH_NUM = re.compile(r"^(\d{1,2})\s*[/-]\s*(\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})\s*[/-]\s*(\d{1,2})$")
_DATE_PREFIX = re.compile(r"^(?:(?:tinh )?(?:den|toi)(?: het)?\s*)?(?:ngay\s*)?")
_DATE_DMY = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_DATE_WORDS = re.compile(r"^(\d{1,2}) thang (\d{1,2}) nam (\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class _Invalid(Exception):
    """Internal: the text has a period's shape but impossible numbers."""


def _roman(text: str) -> int:
    """Roman (I–IV and neighbours, for a clear error) or Arabic quarter number."""
    if text.isdigit():
        return int(text)
    total = 0
    for ch, nxt in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if _ROMAN_VALUES.get(nxt, 0) > value else value
    return total


def _make(kind: str, year: str | int, index: int = 0) -> Period:
    problem = _problem(kind, int(year), index)
    if problem:
        raise _Invalid(problem)
    return Period(kind, int(year), index)


def _date(year: str, month: str, day: str) -> Period:
    m, d = int(month), int(day)
    if not 1 <= m <= 12:
        raise _Invalid("tháng phải từ 1 đến 12.")
    if not 1 <= d <= 31:
        raise _Invalid("ngày phải từ 1 đến 31.")
    return _make("date", year, m * 100 + d)


def _match(text: str) -> Period | None:
    """The period written in folded text, None when no pattern fits."""
    if m := _YEAR.match(text):
        return _make("year", m[1])
    if m := _HALF_WORDS.match(text):
        return _make("half", m[2], 1 if m[1] == "dau" else 2)
    if m := _HALF_SHORT.match(text):
        return _make("half", m[2], int(m[1]))
    if m := _HALF_ISO.match(text):
        return _make("half", m[1], int(m[2]))
    if m := _QUARTER.match(text):
        return _make("quarter", m[2], _roman(m[1]))
    if m := _QUARTER_ISO.match(text):
        return _make("quarter", m[1], int(m[2]))
    if m := _MONTH_WORDS.match(text):
        return _make("month", m[2], int(m[1]))
    if m := _MONTH_NUM.match(text):
        return _make("month", m[2], int(m[1]))
    if m := _DATE_ISO.match(text):
        return _date(m[1], m[2], m[3])
    if m := _MONTH_ISO.match(text):
        return _make("month", m[1], int(m[2]))
    dated = _DATE_PREFIX.sub("", text, count=1)
    if m := _DATE_DMY.match(dated):
        return _date(m[4], m[3], m[1])
    if m := _DATE_WORDS.match(dated):
        return _date(m[3], m[2], m[1])
    return None


def parse_period(text: str) -> Period:
    """Read any spelling users write ("Quý II/2023", "q2 2023", "2023-Q2", …) as one Period.

    Case, diacritics, NFC/NFD and spacing do not matter; a leading "Kỳ báo cáo:" is ignored.
    Whether the period lies in the future is the caller's business.
    """
    shown = nfc(str(text)).strip()
    folded = _PREFIX.sub("", fold(str(text)), count=1).strip().rstrip(".").strip()
    if not folded:
        raise PeriodError("Kỳ báo cáo đang để trống; hãy ghi ví dụ " + _EXAMPLES + ".")
    try:
        period = _match(folded)
    except _Invalid as exc:
        raise PeriodError(f'Không hiểu kỳ báo cáo "{shown}": {exc}') from None
    if period is None:
        raise PeriodError(f'Không hiểu kỳ báo cáo "{shown}": hãy ghi ví dụ {_EXAMPLES}.')
    return period


_LONGEST = 7                  # words in the longest spelling: "ngày 30 tháng 9 năm 2020"
_TITLE_WORD = re.compile(r"[^\w/.-]+|_")     # "_" separates words too: a sheet named "2016_PAPI"
_DATE_LEAD = ("den", "toi", "tinh")          # a date in a title is a period only as "đến ngày 30/9/2020"


def find_period(text: str) -> Period | None:
    """The one period a sentence names ("BÁO CÁO KẾT QUẢ … QUÝ I NĂM 2024" → 2024-Q1), or None when it names
    none or several. Leftmost, longest spellings win; a bare date ("ngày 10/6/2024", the day a report was
    signed) counts only after "đến"/"tính đến"."""
    words = [w for w in _TITLE_WORD.split(fold(text)) if w]
    found: set[Period] = set()
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _LONGEST), i, -1):
            try:
                period = parse_period(" ".join(words[i:j]))
            except PeriodError:
                continue
            if period.kind != "date" or words[i] in _DATE_LEAD:
                found.add(period)
            i = j - 1
            break
        i += 1
    return found.pop() if len(found) == 1 else None
