"""The value grammar: what people type in a value cell, read into explicit fields, and printed back."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.grammar.values import (
    NOT_REPORTED_MARKERS,
    QUALIFIERS,
    STATUSES,
    ParsedValue,
    ValueParseError,
    format_number,
    format_observation,
    format_percent,
    is_not_reported,
    parse_number,
    parse_value,
    shown_agrees,
)

FAST = settings(max_examples=200, deadline=None)
FIELDS = ("value", "numerator", "denominator", "low", "high", "qualifier", "status", "is_percent")


def fields(parsed: ParsedValue) -> tuple:
    return tuple(getattr(parsed, name) for name in FIELDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("2.500", 2500),
        ("2,500", 2500),
        ("0,500", 0.5),
        ("1234,567", 1234.567),
        ("53,33", 53.33),
        ("53.33", 53.33),
        ("2,5", 2.5),
        ("-3", -3),
        ("\u22123", -3),
        ("2 500", 2500),
        ("2\u00a0500", 2500),
        ("1 234 567,5", 1234567.5),
        ("  12 ", 12),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,2.5", "5.", "12 13", "1e5", "--3"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueParseError):
        parse_number(text)


@pytest.mark.parametrize(
    ("x", "vi", "en"),
    [
        (2500, "2.500", "2,500"),
        (53.3333, "53,33", "53.33"),
        (7.5, "7,5", "7.5"),
        (1234567.891, "1.234.567,89", "1,234,567.89"),
        (-3, "-3", "-3"),
        (0, "0", "0"),
        (-0.001, "0", "0"),
        (53.335, "53,34", "53.34"),
        (100.0, "100", "100"),
    ],
)
def test_format_number(x: float, vi: str, en: str) -> None:
    assert format_number(x) == vi
    assert format_number(x, lang="en") == en


def test_format_percent_and_decimals() -> None:
    assert format_percent(53.3333) == "53,33%"
    assert format_percent(53.3333, lang="en") == "53.33%"
    assert format_number(2.5, decimals=0) == "3"
    assert format_number(1.23456, decimals=4) == "1,2346"


two_decimals = st.integers(-(10**14), 10**14).map(lambda n: n / 100)


@FAST
@given(two_decimals, st.sampled_from(["vi", "en"]))
def test_number_round_trip(x: float, lang: str) -> None:
    assert parse_number(format_number(x, lang=lang)) == x


V = ParsedValue


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.500", V(2500.0)),
        ("2,500", V(2500.0)),
        ("53,33%", V(53.33, is_percent=True)),
        ("53.33", V(53.33)),
        ("98 %", V(98.0, is_percent=True)),
        ("50 phần trăm", V(50.0, is_percent=True)),
        ("2.500 cuộc", V(2500.0)),
        ("43 đoàn", V(43.0)),
        ("12 lượt/tháng", V(12.0)),
        ("13/17", V(13 / 17 * 100, 13.0, 17.0, is_percent=True)),
        ("03/11", V(3 / 11 * 100, 3.0, 11.0, is_percent=True)),
        ("48/90 (53,33%)", V(48 / 90 * 100, 48.0, 90.0, is_percent=True)),
        ("trên 90%", V(90.0, qualifier=">", is_percent=True)),
        ("hơn 2.700", V(2700.0, qualifier=">")),
        ("quá 5", V(5.0, qualifier=">")),
        ("vượt 10%", V(10.0, qualifier=">", is_percent=True)),
        ("> 90", V(90.0, qualifier=">")),
        ("ít nhất 20%", V(20.0, qualifier=">=", is_percent=True)),
        ("tối thiểu 3", V(3.0, qualifier=">=")),
        ("không dưới 4", V(4.0, qualifier=">=")),
        (">= 5", V(5.0, qualifier=">=")),
        ("≥5", V(5.0, qualifier=">=")),
        ("từ 20% trở lên", V(20.0, qualifier=">=", is_percent=True)),
        ("dưới 5", V(5.0, qualifier="<")),
        ("chưa đến 10", V(10.0, qualifier="<")),
        ("< 3", V(3.0, qualifier="<")),
        ("tối đa 4", V(4.0, qualifier="<=")),
        ("không quá 7", V(7.0, qualifier="<=")),
        ("<=2", V(2.0, qualifier="<=")),
        ("≤ 2", V(2.0, qualifier="<=")),
        ("khoảng 98%", V(98.0, qualifier="~", is_percent=True)),
        ("gần 100", V(100.0, qualifier="~")),
        ("xấp xỉ 50", V(50.0, qualifier="~")),
        ("~3", V(3.0, qualifier="~")),
        ("chừng 40", V(40.0, qualifier="~")),
        ("trên dưới 100 người", V(100.0, qualifier="~")),
        ("1/2 - 3/4", V(None, low=50.0, high=75.0, qualifier="range", is_percent=True)),
        ("từ 50% đến 75%", V(None, low=50.0, high=75.0, qualifier="range", is_percent=True)),
        ("50-75%", V(None, low=50.0, high=75.0, qualifier="range", is_percent=True)),
        ("50 – 75 %", V(None, low=50.0, high=75.0, qualifier="range", is_percent=True)),
        ("từ 1/2 đến 3/4", V(None, low=50.0, high=75.0, qualifier="range", is_percent=True)),
        ("10-20 cuộc", V(None, low=10.0, high=20.0, qualifier="range")),
        ("dự kiến 12", V(12.0, status="expected")),
        ("dự kiến thêm 12", V(12.0, status="expected")),
        ("12 (dự kiến)", V(12.0, status="expected")),
        ("kế hoạch 60", V(60.0, status="target")),
        ("mục tiêu trên 50%", V(50.0, qualifier=">", status="target", is_percent=True)),
        ("chỉ tiêu 50%", V(50.0, status="target", is_percent=True)),
        ("Mục tiêu: KHÔNG DƯỚI 2.500 hộ", V(2500.0, qualifier=">=", status="target")),
        ("12", V(12.0)),
        ("-3", V(-3.0)),
    ],
)
def test_parse_value(text: str, expected: ParsedValue) -> None:
    for form in ("NFC", "NFD"):
        parsed = parse_value(unicodedata.normalize(form, text))
        assert fields(parsed) == fields(expected)
        assert parsed.raw == text.strip()


def test_parse_value_is_accent_and_case_insensitive() -> None:
    assert fields(parse_value("TREN 90 %")) == fields(parse_value("trên 90%"))
    assert fields(parse_value("Du Kien Them 12")) == fields(parse_value("dự kiến thêm 12"))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "để trống"),
        ("abc", "không tìm thấy con số"),
        ("12/0", "mẫu số bằng 0"),
        ("75-50%", "cận dưới (75) lớn hơn cận trên (50)"),
        ("1/2/3", "nhiều hơn một dấu /"),
        ("12 - abc", "không phải là đơn vị tính"),
        ("12 13", "không phải là đơn vị tính"),
        ("trên 50-75%", "khoảng giá trị"),
        ("1/2 - 75%", "cùng dạng"),
        ("trên 5 trở xuống", "mâu thuẫn"),
        ("dự kiến mục tiêu 5", "dự kiến"),
        ("trên dưới 1.2.3", 'số "1.2.3"'),
    ],
)
def test_parse_value_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ValueParseError) as err:
        parse_value(text)
    assert fragment in str(err.value)
    if text:
        assert f'"{text}"' in str(err.value)


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        ((90, None, None, None, None, ">", "actual", True), "trên 90%", "over 90%"),
        ((20, None, None, None, None, ">=", "actual", True), "ít nhất 20%", "at least 20%"),
        ((98, None, None, None, None, "~", "actual", True), "khoảng 98%", "about 98%"),
        ((5, None, None, None, None, "<", "actual", False), "dưới 5", "under 5"),
        ((4, None, None, None, None, "<=", "actual", False), "tối đa 4", "at most 4"),
        ((None, None, None, 50, 75, "range", "actual", True), "50–75%", "50–75%"),
        ((48 / 90 * 100, 48, 90, None, None, "=", "actual", True), "48/90 (53,33%)", "48/90 (53.33%)"),
        ((12, None, None, None, None, "=", "expected", False), "dự kiến 12", "expected 12"),
        ((50, None, None, None, None, ">", "target", True), "mục tiêu trên 50%", "target over 50%"),
        ((2500, None, None, None, None, "=", "actual", False), "2.500", "2,500"),
        ((53.3333, None, None, None, None, "=", "actual", True), "53,33%", "53.33%"),
        ((None, None, None, None, None, "=", "actual", False), "", ""),
    ],
)
def test_format_observation(args: tuple, vi: str, en: str) -> None:
    assert format_observation(*args) == vi
    assert format_observation(*args, lang="en") == en


def test_format_observation_rejects_unknown_codes() -> None:
    with pytest.raises(ValueError):
        format_observation(1, None, None, None, None, "!=", "actual", False)
    with pytest.raises(ValueError):
        format_observation(1, None, None, None, None, "=", "guess", False)
    with pytest.raises(ValueError):
        format_observation(1, None, None, None, None, "=", "actual", False, lang="fr")


@st.composite
def observations(draw: st.DrawFn) -> ParsedValue:
    status = draw(st.sampled_from(STATUSES))
    shape = draw(st.sampled_from(["number", "ratio", "range"]))
    if shape == "range":
        low, high = sorted((draw(two_decimals), draw(two_decimals)))
        return ParsedValue(None, None, None, low, high, "range", status, draw(st.booleans()))
    qualifier = draw(st.sampled_from([q for q in QUALIFIERS if q != "range"]))
    if shape == "ratio":
        numerator = float(draw(st.integers(0, 10**7)))
        denominator = float(draw(st.integers(1, 10**7)))
        share = numerator / denominator * 100
        return ParsedValue(share, numerator, denominator, None, None, qualifier, status, True)
    return ParsedValue(draw(two_decimals), None, None, None, None, qualifier, status, draw(st.booleans()))


@FAST
@given(observations(), st.sampled_from(["vi", "en"]), st.sampled_from(["NFC", "NFD"]))
def test_observation_round_trip(observation: ParsedValue, lang: str, form: str) -> None:
    text = unicodedata.normalize(form, observation.format(lang))
    assert fields(parse_value(text)) == fields(observation)


@FAST
@given(two_decimals.filter(lambda x: x >= 0), st.sampled_from(["", " ", "\u00a0"]))
def test_percent_round_trip(x: float, gap: str) -> None:
    parsed = parse_value(format_number(x) + gap + "%")
    assert (parsed.value, parsed.is_percent, parsed.qualifier) == (x, True, "=")


# --- the vectorised front agrees with parse_value -------------------------------------------------------

_number_like = st.text(alphabet="0123456789.,-%/ ", min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(_number_like, min_size=1, max_size=40))
def test_plain_values_front_agrees_with_parse_value(texts):
    import polars as pl

    from danvan.grammar.values import parse_plain_values

    fast = parse_plain_values(pl.Series(texts, dtype=pl.String))
    for row in fast.filter(pl.col("plain")).iter_rows(named=True):
        slow = parse_value(row["text"])
        assert slow.qualifier == "=" and slow.status == "actual", row["text"]
        assert (row["numerator"], row["denominator"]) == (slow.numerator, slow.denominator), row["text"]
        assert row["value"] == pytest.approx(slow.value, rel=1e-12, abs=0), row["text"]
        assert row["is_percent"] == slow.is_percent, row["text"]
        assert row["decimals"] == (slow.decimals if slow.numerator is None else 0), row["text"]
        assert (row["qualifier_written"], row["status_written"]) == (False, False), row["text"]


@pytest.mark.parametrize(("text", "value", "percent"), [
    ("2.500", 2500, False), ("2,500", 2500, False), ("53,33%", 53.33, True), ("53.33", 53.33, False),
    ("0,500", 0.5, False), ("1.234.567", 1234567, False), ("98 %", 98, True), ("-5", -5, False),
])
def test_plain_values_front_reads_vietnamese_numbers(text, value, percent):
    import polars as pl

    from danvan.grammar.values import parse_plain_values

    row = parse_plain_values(pl.Series([text])).row(0, named=True)
    assert (row["plain"], row["value"], row["is_percent"]) == (True, pytest.approx(value), percent)


def test_plain_values_front_leaves_words_to_the_grammar():
    import polars as pl

    from danvan.grammar.values import parse_plain_values

    rows = parse_plain_values(pl.Series(["trên 90%", "13/0", "1/2 - 3/4", "dự kiến 12", "1.234,5", "13/17"]))
    assert rows["plain"].to_list() == [False] * 5 + [True]
    assert rows.row(5, named=True)["numerator"] == 13 and rows.row(5, named=True)["denominator"] == 17


# --- issue 10: not reported, Unicode digits, what the text says itself, finite numbers --------------------------------

@pytest.mark.parametrize("text", [None, "", "   ", *NOT_REPORTED_MARKERS, "KHÔNG CÓ", "khong co", "Chưa có", "K/C",
                                  " - ", "\u00a0x\u00a0"])
def test_not_reported_markers(text) -> None:
    assert is_not_reported(text)
    if text and text.strip():
        with pytest.raises(ValueParseError, match="không báo cáo"):
            parse_value(text)


@pytest.mark.parametrize("text", ["0", "-0", "-5", "x2", "không 5", "12 (không có)", "k/c 3", "--"])
def test_not_reported_needs_the_marker_alone(text) -> None:
    assert not is_not_reported(text)


@pytest.mark.parametrize(("text", "value"), [
    ("１２３", 123.0), ("٣", 3.0), ("۱۲", 12.0), ("１２３４５", 12345.0), ("２.５００", 2500.0), ("８５，５％", 85.5),
    ("trên ９０%", 90.0),
])
def test_unicode_decimal_digits_are_read_as_ascii(text: str, value: float) -> None:
    assert parse_value(text).value == value
    assert parse_value(text).raw == text


def test_unicode_digits_in_numbers_and_ratios() -> None:
    assert parse_number("１２３") == 123.0
    parsed = parse_value("１３/１７")
    assert (parsed.numerator, parsed.denominator) == (13.0, 17.0)


def test_a_superscript_is_not_a_digit() -> None:
    assert parse_value("5²").value == 5.0  # "²" reads as a unit after 5 (m²), never as 52
    with pytest.raises(ValueParseError):
        parse_value("²")


@pytest.mark.parametrize(("text", "qualifier_written", "status_written"), [
    ("90", False, False), ("đạt 90", False, False), ("trên 90", True, False), ("ít nhất 20%", True, False),
    ("từ 20% trở lên", True, False), ("20 trở lên", True, False), ("50-75%", True, False),
    ("dự kiến 12", False, True), ("12 (dự kiến)", False, True), ("mục tiêu trên 50%", True, True),
    ("khoảng 98%", True, False), ("13/17", False, False),
])
def test_parse_value_says_what_the_text_wrote(text: str, qualifier_written: bool, status_written: bool) -> None:
    parsed = parse_value(text)
    assert (parsed.qualifier_written, parsed.status_written) == (qualifier_written, status_written)


@pytest.mark.parametrize(("text", "decimals"), [
    ("76%", 0), ("76,5%", 1), ("76,47%", 2), ("2.500", 0), ("2,500", 0), ("0,500", 3), ("53.33", 2), ("1.234,5", 1),
    ("2 500,25", 2), ("trên 90,5%", 1),
])
def test_parse_value_counts_the_decimals_written(text: str, decimals: int) -> None:
    assert parse_value(text).decimals == decimals


@pytest.mark.parametrize(("shown", "decimals", "agrees"), [
    (76.0, 0, True), (76.5, 1, True), (76.4, 1, False), (76.47, 2, True), (76.48, 2, False), (77.0, 0, False),
    (76.9, 1, False), (50.0, 0, False),
])
def test_shown_agrees_within_half_a_unit_of_the_last_decimal(shown: float, decimals: int, agrees: bool) -> None:
    assert shown_agrees(shown, decimals, 1300 / 17) is agrees  # 13/17 = 76,470588…%


def test_a_ratio_and_the_percent_beside_it_must_agree() -> None:
    assert parse_value("13/17 (76,47%)").value == pytest.approx(1300 / 17)
    assert parse_value("13/17 (76%)").numerator == 13.0
    with pytest.raises(ValueParseError, match=r"tỷ lệ ghi trong ngoặc \(50%\) khác tỷ lệ của 13/17 \(76,47%\)"):
        parse_value("13/17 (50%)")


@pytest.mark.parametrize("text", ["1" + "0" * 400, "9" * 309, "1 000" + " 000" * 110])
def test_a_number_too_large_for_a_float_is_refused(text: str) -> None:
    with pytest.raises(ValueParseError, match="quá lớn"):
        parse_number(text)
    with pytest.raises(ValueParseError, match="quá lớn"):
        parse_value(text)


def test_plain_values_front_leaves_unicode_digits_and_huge_numbers_to_the_grammar():
    import polars as pl

    from danvan.grammar.values import parse_plain_values

    rows = parse_plain_values(pl.Series(["１２３", "٣", "1" + "0" * 400, "123", "76,5%"]))
    assert rows["plain"].to_list() == [False, False, False, True, True]
    assert rows["decimals"].to_list()[3:] == [0, 1]
