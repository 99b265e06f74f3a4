"""The period grammar: every spelling users write maps to one Period, and labels read back."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.grammar.periods import MAX_YEAR, MIN_YEAR, Period, PeriodError, parse_period, period_kinds

FAST = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2018", "2018"),
        ("2023-H1", "2023-H1"),
        ("2023-Q2", "2023-Q2"),
        ("2023-05", "2023-05"),
        ("2020-09-30", "2020-09-30"),
        ("năm 2023", "2023"),
        ("6 tháng đầu năm 2023", "2023-H1"),
        ("6 tháng đầu 2023", "2023-H1"),
        ("6 tháng cuối năm 2023", "2023-H2"),
        ("Quý II/2023", "2023-Q2"),
        ("quý 2 năm 2023", "2023-Q2"),
        ("Quý 2/2023", "2023-Q2"),
        ("Q2/2023", "2023-Q2"),
        ("Q2 2023", "2023-Q2"),
        ("quý IV/2022", "2022-Q4"),
        ("tháng 5/2023", "2023-05"),
        ("tháng 05 năm 2023", "2023-05"),
        ("05/2023", "2023-05"),
        ("2023-5", "2023-05"),
        ("tính đến 30/9/2020", "2020-09-30"),
        ("đến ngày 30/9/2020", "2020-09-30"),
        ("30/09/2020", "2020-09-30"),
        ("Kỳ báo cáo: Quý II/2023", "2023-Q2"),
        ("  QUY   ii / 2023 ", "2023-Q2"),
        ("THÁNG 12/2024", "2024-12"),
        (unicodedata.normalize("NFD", "6 tháng cuối năm 2021"), "2021-H2"),
        (unicodedata.normalize("NFD", "Tính đến 29/2/2024"), "2024-02-29"),
    ],
)
def test_parse_spellings(text: str, canonical: str) -> None:
    assert parse_period(text).canonical == canonical


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("quý 5/2023", "quý phải từ I đến IV"),
        ("Q0 2023", "quý phải từ I đến IV"),
        ("tháng 13/2023", "tháng phải từ 1 đến 12"),
        ("2023-00", "tháng phải từ 1 đến 12"),
        ("31/2/2023", "không có trong lịch"),
        ("29/2/2023", "không có trong lịch"),
        ("1944", "năm phải từ 1945 đến 2100"),
        ("năm 2101", "năm phải từ 1945 đến 2100"),
        ("2023-H3", "6 tháng"),
        ("abc", "hãy ghi ví dụ"),
        ("", "để trống"),
    ],
)
def test_rejects_with_vietnamese_message(text: str, fragment: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert fragment in str(err.value)
    if text:
        assert f'"{text}"' in str(err.value)


def test_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)
    with pytest.raises(PeriodError):
        Period("quarter", 2023, 5)
    with pytest.raises(PeriodError):
        Period("week", 2023, 1)


@pytest.mark.parametrize(
    ("canonical", "start", "end", "previous"),
    [
        ("2018", (2018, 1, 1), (2018, 12, 31), "2017"),
        ("2023-H1", (2023, 1, 1), (2023, 6, 30), "2022-H2"),
        ("2023-H2", (2023, 7, 1), (2023, 12, 31), "2023-H1"),
        ("2023-Q1", (2023, 1, 1), (2023, 3, 31), "2022-Q4"),
        ("2023-Q2", (2023, 4, 1), (2023, 6, 30), "2023-Q1"),
        ("2024-02", (2024, 2, 1), (2024, 2, 29), "2024-01"),
        ("2023-01", (2023, 1, 1), (2023, 1, 31), "2022-12"),
        ("2020-09-30", (2020, 9, 30), (2020, 9, 30), "2019-09-30"),
        ("2024-02-29", (2024, 2, 29), (2024, 2, 29), "2023-02-28"),
    ],
)
def test_bounds_and_previous(canonical: str, start: tuple, end: tuple, previous: str) -> None:
    period = parse_period(canonical)
    assert period.start == datetime.date(*start)
    assert period.end == datetime.date(*end)
    assert period.previous().canonical == previous


@pytest.mark.parametrize(
    ("canonical", "vi", "en"),
    [
        ("2018", "Năm 2018", "2018"),
        ("2023-H1", "6 tháng đầu năm 2023", "H1 2023"),
        ("2023-H2", "6 tháng cuối năm 2023", "H2 2023"),
        ("2023-Q2", "Quý II/2023", "Q2 2023"),
        ("2023-05", "Tháng 5/2023", "May 2023"),
        ("2020-09-30", "Tính đến 30/9/2020", "As of 30 Sep 2020"),
    ],
)
def test_labels(canonical: str, vi: str, en: str) -> None:
    period = parse_period(canonical)
    assert period.label() == vi
    assert period.label("en") == en


def test_kinds_ordering_and_canonical_constructor() -> None:
    assert period_kinds() == ("year", "half", "quarter", "month", "date")
    assert parse_period("2023-Q1") < parse_period("2023-Q2") < parse_period("2024-Q1")
    assert len({parse_period("Quý II/2023"), parse_period("2023-Q2"), parse_period("q2 2023")}) == 1
    assert Period.from_canonical("2023-Q2") == Period("quarter", 2023, 2)
    assert str(Period("month", 2023, 5)) == "2023-05"
    with pytest.raises(PeriodError, match="dạng chuẩn"):
        Period.from_canonical("Quý II/2023")


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(period_kinds()))
    if kind == "date":
        day = draw(st.dates(datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)))
        return Period.from_date(day)
    year = draw(st.integers(MIN_YEAR, MAX_YEAR))
    top = {"year": 0, "half": 2, "quarter": 4, "month": 12}[kind]
    return Period(kind, year, draw(st.integers(min(1, top), top)))


@FAST
@given(periods())
def test_canonical_round_trip(period: Period) -> None:
    assert parse_period(period.canonical) == period
    assert Period.from_canonical(period.canonical) == period


@FAST
@given(periods(), st.sampled_from(["NFC", "NFD"]), st.booleans())
def test_label_round_trip(period: Period, form: str, upper: bool) -> None:
    label = unicodedata.normalize(form, period.label("vi"))
    assert parse_period(label.upper() if upper else label) == period


@FAST
@given(periods())
def test_previous_is_one_step_back(period: Period) -> None:
    if period.start.year <= MIN_YEAR:
        return
    before = period.previous()
    assert before.kind == period.kind
    assert before < period
    if period.kind != "date":
        assert before.end + datetime.timedelta(days=1) == period.start
    assert period.start <= period.end
