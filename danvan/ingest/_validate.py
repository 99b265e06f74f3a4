"""Check a batch of text rows before anything is written; every problem names its row and column.

Rows arrive as a Polars frame with canonical column names (COLUMNS, strings) and the file's own row number in
`row_no`; the reader may add (all optional) the typed numbers of numeric Excel cells (`value_number`,
`numerator_number`, `denominator_number`, `value_percent`: used as they are, the text beside them is only what
the cell showed), a problem it met in the row (`read_error`, `read_error_column`), the row's "Đơn vị tính"
(`measure_text`) and its `sheet`. Each distinct period, unit, indicator and value text is parsed once by the one
grammar (danvan.grammar.periods, danvan.grammar.values) and joined back, so a million rows check in seconds.

What is refused, besides unknown units, indicators and periods (all in Vietnamese, naming row and column):
- a row with no figure is *not reported* (blank, "-", "x", "không có"…: danvan.grammar.values), skipped and counted;
- a value whose own words contradict the qualifier or status column ("trên 90" under "=", "dự kiến 12" under
  actual), a ratio with one part, a value whose parts give another figure ("50%" with 13/17, beyond half a unit
  of the last decimal written), a range with parts;
- a number outside its indicator's measure (data/catalogue/measures.yml: counts and ratio parts have a maximum,
  percents are 0–100, a score lies on its scale, PAPI's 1–10 or 6–60, and has no parts), anything not finite,
  a note or source longer than contract.TEXT_LIMITS, an "Đơn vị tính" that does not fit the indicator.
An accepted row always has a number: a value, or both bounds of a range.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from datetime import date

import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.contract import COLUMN_LABELS, COLUMNS, INCOMING_SCHEMA, REQUIRED, TEXT_LIMITS
from danvan.grammar.periods import PeriodError, date_text, parse_period
from danvan.grammar.text import ascii_digits
from danvan.grammar.values import (
    QUALIFIERS,
    STATUSES,
    ValueParseError,
    format_number,
    is_not_reported,
    parse_number,
    parse_plain_values,
    parse_value,
)
from danvan.store.registry import UnitIndex
from danvan.store.resolve import Resolver

PROBLEM_SCHEMA = {"rec": pl.Int64, "row_no": pl.Int64, "field": pl.String, "column": pl.String, "text": pl.String,
                  "severity": pl.String, "message": pl.String}
# unit_text and matched_by ("code" | "name" | "alias") say where each accepted figure went (the import report).
ACCEPTED_SCHEMA = {"rec": pl.Int64, "row_no": pl.Int64, **INCOMING_SCHEMA, "unit_text": pl.String,
                   "matched_by": pl.String}
# Rows with no figure (blank or a not-reported marker): skipped, never an error. `text`: the marker, or "".
NOT_REPORTED_SCHEMA = {"rec": pl.Int64, "row_no": pl.Int64, "sheet": pl.String, "text": pl.String}

# The reader's optional columns besides COLUMNS (danvan.ingest.reader.ROW_SCHEMA); absent ones are added empty.
_READ_EXTRA: dict[str, pl.DataType] = {
    "sheet": pl.String, "value_ref": pl.String, "value_number": pl.Float64, "numerator_number": pl.Float64,
    "denominator_number": pl.Float64, "value_percent": pl.Boolean, "measure_text": pl.String,
    "unit_name_text": pl.String, "read_error": pl.String, "read_error_column": pl.String,
}
_FIGURE = ("value", "numerator", "denominator")
_LABELS = {**COLUMN_LABELS, "measure_text": "Đơn vị tính", "read_error": "Tệp"}
_STATUS_VI = {"actual": "thực hiện (actual)", "expected": "dự kiến (expected)", "target": "kế hoạch, mục tiêu (target)"}


@dataclass
class CheckResult:
    accepted: pl.DataFrame   # ACCEPTED_SCHEMA: ready for danvan.store
    problems: pl.DataFrame   # PROBLEM_SCHEMA, one row per problem, sorted by row
    records: int             # records checked (a wide sheet gives one record per filled cell), not reported included
    # NOT_REPORTED_SCHEMA: the rows with no figure
    not_reported_rows: pl.DataFrame = dataclasses.field(
        default_factory=lambda: pl.DataFrame(schema=NOT_REPORTED_SCHEMA))

    @property
    def rejected(self) -> int:
        """Records with at least one error (a record is a row, or a cell of a wide sheet)."""
        return self.problems.filter(pl.col("severity") == "error")["rec"].n_unique()

    @property
    def not_reported(self) -> int:
        """Records with no figure (blank, "-", "x", "không có"…): skipped and counted, never an error."""
        return self.not_reported_rows.height


def _suggest(text: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _period_table(texts: list[str], today: date) -> pl.DataFrame:
    out = []
    for text in texts:
        row = {"period": text, "p_canonical": None, "p_kind": None, "p_start": None, "p_end": None,
               "p_error": None}
        try:
            p = parse_period(text)
            if p.start > today:
                row["p_error"] = f'Kỳ báo cáo "{text}" ở tương lai (bắt đầu {date_text(p.start)}).'
            else:
                row.update(p_canonical=p.canonical, p_kind=p.kind, p_start=p.start, p_end=p.end)
        except PeriodError as exc:
            row["p_error"] = str(exc)
        out.append(row)
    return pl.DataFrame(out, schema={"period": pl.String, "p_canonical": pl.String, "p_kind": pl.String,
                                     "p_start": pl.Date, "p_end": pl.Date, "p_error": pl.String})


def _bound(ind: catalogue.Indicator, limit: float | None, parts: bool) -> str | None:
    """The message for a number over its indicator's maximum ("… tối đa 10.000.000 lượt người.")."""
    if limit is None:
        return None
    what = "Tử số, mẫu số" if parts else "Giá trị"
    unit = catalogue.measures()[ind.measure].name_vi if (ind.kind == "ratio" or not parts) else ""
    return f"{what} vượt giới hạn của chỉ tiêu {ind.code}: tối đa {format_number(limit)} {unit}".rstrip() + "."


def _indicator_table(texts: list[str]) -> pl.DataFrame:
    """Each distinct indicator text: its code, kind, measure bounds and the bound messages, or why it is unknown."""
    inds = catalogue.indicators()
    schema = {"indicator_code": pl.String, "i_code": pl.String, "i_kind": pl.String, "i_integer": pl.Boolean,
              "i_min": pl.Float64, "i_max": pl.Float64, "i_max_msg": pl.String, "i_parts_max": pl.Float64,
              "i_parts_msg": pl.String, "i_error": pl.String}
    out = []
    for text in texts:
        ind = inds.get(text.upper().strip())
        if ind is None:
            hint = _suggest(text.upper(), list(inds))
            error = f'Không có chỉ tiêu "{text}" trong danh mục.' + (f' Có phải "{hint}"?' if hint else "")
            out.append({"indicator_code": text, "i_error": error})
            continue
        measure = ind.value_measure
        max_msg = _bound(ind, measure.max, parts=False)
        if ind.is_score:  # both bounds are part of the scale: "6–60 điểm"
            max_msg = (f"Điểm của chỉ tiêu {ind.code} phải trong khoảng {format_number(measure.min)}–"
                       f"{format_number(measure.max)} {measure.name_vi}.")
        out.append({"indicator_code": text, "i_code": ind.code, "i_kind": ind.kind,
                    "i_integer": catalogue.measures()[ind.measure].integer, "i_min": measure.min,
                    "i_max": measure.max, "i_max_msg": max_msg,
                    "i_parts_max": ind.parts_max, "i_parts_msg": _bound(ind, ind.parts_max, parts=True)})
    return pl.DataFrame(out, schema=schema)


def _measure_table(pairs: pl.DataFrame) -> pl.DataFrame:
    """Each distinct (indicator, "Đơn vị tính") pair: an error when the unit written does not fit the indicator."""
    out = []
    for code, text in pairs.iter_rows():
        ind = catalogue.get(code)
        error = None if ind.fits_measure(text) else (
            f'Đơn vị tính "{text}" không khớp chỉ tiêu {code} ({ind.measure_vi}).')
        out.append((code, text, error))
    return pl.DataFrame(out, schema={"i_code": pl.String, "measure_text": pl.String, "m_error": pl.String},
                        orient="row")


def _value_table(texts: list[str]) -> pl.DataFrame:
    """Plain numbers go through the grammar's vectorised front; the rest through parse_value, once each.

    Keyed by `_vtext`: the value text of the rows that have no typed number."""
    schema = {"_vtext": pl.String, "v_value": pl.Float64, "v_num": pl.Float64, "v_den": pl.Float64,
              "v_low": pl.Float64, "v_high": pl.Float64, "v_qualifier": pl.String, "v_status": pl.String,
              "v_percent": pl.Boolean, "v_decimals": pl.Int64, "v_qwritten": pl.Boolean, "v_swritten": pl.Boolean,
              "v_error": pl.String}
    fast = parse_plain_values(pl.Series(texts, dtype=pl.String))
    plain = fast.filter(pl.col("plain")).select(
        pl.col("text").alias("_vtext"), pl.col("value").alias("v_value"), pl.col("numerator").alias("v_num"),
        pl.col("denominator").alias("v_den"), pl.lit(None, pl.Float64).alias("v_low"),
        pl.lit(None, pl.Float64).alias("v_high"), pl.lit("=").alias("v_qualifier"),
        pl.lit("actual").alias("v_status"), pl.col("is_percent").alias("v_percent"),
        pl.col("decimals").alias("v_decimals"), pl.col("qualifier_written").alias("v_qwritten"),
        pl.col("status_written").alias("v_swritten"), pl.lit(None, pl.String).alias("v_error"))
    out = []
    for text in fast.filter(~pl.col("plain"))["text"].to_list():
        try:
            v = parse_value(text)
            out.append({"_vtext": text, "v_value": v.value, "v_num": v.numerator, "v_den": v.denominator,
                        "v_low": v.low, "v_high": v.high, "v_qualifier": v.qualifier, "v_status": v.status,
                        "v_percent": v.is_percent, "v_decimals": v.decimals, "v_qwritten": v.qualifier_written,
                        "v_swritten": v.status_written, "v_error": None})
        except ValueParseError as exc:
            out.append({"_vtext": text, "v_error": str(exc)})
    return pl.concat([plain.cast(schema), pl.DataFrame(out, schema=schema)])


def _number_table(key: str, name: str, texts: list[str]) -> pl.DataFrame:
    out = []
    for text in texts:
        try:
            out.append({key: text, f"{name}_num": parse_number(text), f"{name}_error": None})
        except ValueParseError as exc:
            out.append({key: text, f"{name}_num": None, f"{name}_error": str(exc)})
    return pl.DataFrame(out, schema={key: pl.String, f"{name}_num": pl.Float64, f"{name}_error": pl.String})


def _unit_table(pairs: pl.DataFrame, resolver: Resolver, level: str | None, within: tuple[str, ...],
                title_unit: str | None) -> pl.DataFrame:
    """Resolve each distinct (unit, province, district, period) with the registry's one rule (store.resolve).

    Context for names: the row's province and district columns, the title's reporting unit and the parent the
    user chose (`within`). Codes are checked against the columns and the chosen parent, not the title.
    """
    out = []
    for text, name, province, district, canonical, start, end in pairs.iter_rows():
        ctx: list = []
        errors = {"u_error": None, "pr_error": None, "di_error": None}
        for parent in within:
            m = resolver.resolve(parent, start, end)
            if m.unit:
                ctx.append(m.unit)
            else:
                errors["u_error"] = f'Đơn vị bao trùm "{parent}" (chọn khi tải lên): {m.problem}'
        for column, field, parent_text in (("province", "pr_error", province), ("district", "di_error", district)):
            if parent_text:
                m = resolver.resolve(parent_text, start, end, column, tuple(u for u in ctx if u.level == "province"))
                if m.unit:
                    ctx.append(m.unit)
                else:
                    errors[field] = m.problem
        unit_key = by = None
        if not any(errors.values()):
            is_name = not ascii_digits(text).replace(" ", "").isdigit()
            if is_name and title_unit:
                m = resolver.resolve(title_unit, start, end)
                if m.unit:
                    ctx.append(m.unit)
                else:
                    errors["u_error"] = f'Đơn vị báo cáo ghi ở tiêu đề "{title_unit}": {m.problem}'
        if not any(errors.values()):
            m = resolver.resolve(text, start, end, level, tuple(ctx))
            unit_key, by, errors["u_error"] = (m.unit.unit_key if m.unit else None), m.by, m.problem
            if m.unit and name:  # the name beside the code: one that clearly names another unit refuses the row
                other = resolver.resolve(name, start, end, level, tuple(ctx)).unit
                if other is not None and other.unit_key != m.unit.unit_key:
                    unit_key, by = None, None
                    errors["u_error"] = (f'Mã "{text}" là {resolver.describe(m.unit)} nhưng cột tên ghi "{name}" '
                                         f"({resolver.describe(other)}): sửa mã hoặc tên.")
        out.append((text, name, province, district, canonical, unit_key, by, *errors.values()))
    return pl.DataFrame(out, schema={"unit_code": pl.String, "unit_name_text": pl.String, "province": pl.String,
                                     "district": pl.String,
                                     "p_canonical": pl.String, "u_key": pl.String, "u_by": pl.String,
                                     "u_error": pl.String, "pr_error": pl.String, "di_error": pl.String},
                        orient="row")


def _normalise(rows: pl.DataFrame, default_period: str | None, default_source: str | None) -> pl.DataFrame:
    for col in COLUMNS:
        if col not in rows.columns:
            rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    rows = rows.with_columns(pl.lit(None, dtype=dtype).alias(col) for col, dtype in _READ_EXTRA.items()
                             if col not in rows.columns)
    if "row_no" not in rows.columns:
        rows = rows.with_columns(pl.int_range(1, pl.len() + 1).alias("row_no"))
    text = [*COLUMNS, "measure_text", "unit_name_text"]
    rows = rows.with_columns(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in text
    ).with_columns(
        pl.col(c).cast(dtype) for c, dtype in _READ_EXTRA.items() if c not in text
    ).with_columns(pl.col("row_no").cast(pl.Int64)).with_row_index("rec").with_columns(pl.col("rec").cast(pl.Int64))
    if default_period:
        rows = rows.with_columns(pl.col("period").fill_null(default_period))
    if default_source:
        rows = rows.with_columns(pl.col("source").fill_null(default_source))
    return rows


def _split_not_reported(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows with a figure, rows without). A figure cell holding a not-reported marker counts as blank (and is
    emptied, so "-" beside 13 and 17 is simply no value); a typed number is never blank."""
    texts = pl.concat([rows[c] for c in _FIGURE]).drop_nulls().unique().to_list()
    markers = [t for t in texts if is_not_reported(t)]
    marked = {c: pl.col(c).is_in(markers) & pl.col(f"{c}_number").is_null() for c in _FIGURE}
    blank = pl.all_horizontal((pl.col(c).is_null() & pl.col(f"{c}_number").is_null()) | marked[c] for c in _FIGURE)
    rows = rows.with_columns(_none=blank & pl.col("read_error").is_null(),
                             _marker=pl.coalesce(*_FIGURE).fill_null(""))
    skipped = rows.filter("_none").select("rec", "row_no", "sheet", pl.col("_marker").alias("text"))
    kept = rows.filter(~pl.col("_none")).with_columns(
        pl.when(marked[c]).then(None).otherwise(pl.col(c)).alias(c) for c in _FIGURE).drop("_none", "_marker")
    return kept, skipped.cast(NOT_REPORTED_SCHEMA)


def _vi(x: pl.Expr) -> pl.Expr:
    """A number as Vietnamese text inside Polars, as format_number writes it (at most two decimals, half away from
    zero, "." between thousands, "," before decimals: 12500 → "12.500", 76.4706 → "76,47"), for messages built
    per row; beyond 10^15 (nothing accepted is that large) the plain float text."""
    cents_total = ((x.abs() * 100) * (1 + 1e-15) + 0.5).floor()
    small = x.abs() < 1e15
    total = pl.when(small).then(cents_total).cast(pl.Int64, strict=False)
    whole, cents = total // 100, total % 100
    grouped = (whole.cast(pl.String).str.reverse().str.replace_all(r"([0-9]{3})", "$1.")
               .str.strip_chars_end(".").str.reverse())
    frac = cents.cast(pl.String).str.zfill(2).str.strip_chars_end("0")
    sign = pl.when((x < 0) & (total > 0)).then(pl.lit("-")).otherwise(pl.lit(""))
    text = pl.concat_str(sign, grouped, pl.when(cents > 0).then(pl.concat_str(pl.lit(","), frac)).otherwise(pl.lit("")))
    return pl.when(small).then(text).otherwise(x.cast(pl.String))


def check_rows(
    rows: pl.DataFrame, index: UnitIndex, today: date | None = None, default_period: str | None = None,
    unit_level: str | None = None, within: tuple[str, ...] = (), title_unit: str | None = None,
    default_source: str | None = None,
) -> CheckResult:
    """Validate every row; accepted rows are ready for danvan.store, problems explain the rest.

    `default_source`: the source text of rows whose own source cell is blank (the page's source box)."""
    rows = _normalise(rows, default_period, default_source)
    records = rows.height
    rows, not_reported = _split_not_reported(rows)
    today = today or date.today()
    typed = {c: pl.col(f"{c}_number").is_not_null() for c in _FIGURE}
    # Only text cells go through the grammar; a typed number is used as it is (its text is what the cell showed).
    rows = rows.with_columns(
        _vtext=pl.when(~typed["value"]).then(pl.col("value")),
        _ntext=pl.when(~typed["numerator"]).then(pl.col("numerator")),
        _dtext=pl.when(~typed["denominator"]).then(pl.col("denominator")),
    )

    def uniq(col: str) -> list[str]:
        return rows[col].drop_nulls().unique().to_list()

    df = (rows
          .join(_period_table(uniq("period"), today), on="period", how="left")
          .join(_indicator_table(uniq("indicator_code")), on="indicator_code", how="left")
          .join(_value_table(uniq("_vtext")), on="_vtext", how="left")
          .join(_number_table("_ntext", "numerator", uniq("_ntext")), on="_ntext", how="left")
          .join(_number_table("_dtext", "denominator", uniq("_dtext")), on="_dtext", how="left"))
    measures = df.filter(pl.col("measure_text").is_not_null() & pl.col("i_code").is_not_null()).select(
        "i_code", "measure_text").unique()
    df = df.join(_measure_table(measures), on=["i_code", "measure_text"], how="left")
    unit_cols = ["unit_code", "unit_name_text", "province", "district", "p_canonical"]
    pairs = df.filter(pl.col("unit_code").is_not_null() & pl.col("p_canonical").is_not_null()).select(
        *unit_cols, "p_start", "p_end").unique(maintain_order=True)
    units = _unit_table(pairs, Resolver(index), unit_level, within, title_unit)
    df = df.join(units, on=unit_cols, how="left", nulls_equal=True)

    shown_places = pl.col("value").str.extract(r",([0-9]+)%?$", 1).str.len_chars().cast(pl.Int64).fill_null(0)
    df = df.with_columns(
        v_value=pl.when(typed["value"]).then(pl.col("value_number")).otherwise(pl.col("v_value")),
        v_percent=pl.when(typed["value"]).then(pl.col("value_percent").fill_null(False))
        .otherwise(pl.col("v_percent")).fill_null(False),
        v_qualifier=pl.when(typed["value"]).then(pl.lit("=")).otherwise(pl.col("v_qualifier")),
        v_status=pl.when(typed["value"]).then(pl.lit("actual")).otherwise(pl.col("v_status")),
        v_decimals=pl.when(typed["value"]).then(shown_places).otherwise(pl.col("v_decimals")).fill_null(0),
        v_qwritten=pl.col("v_qwritten").fill_null(False),
        v_swritten=pl.col("v_swritten").fill_null(False),
        numerator_num=pl.coalesce("numerator_number", "numerator_num"),
        denominator_num=pl.coalesce("denominator_number", "denominator_num"),
    )
    num = pl.coalesce("numerator_num", "v_num")
    den = pl.coalesce("denominator_num", "v_den")
    df = df.with_columns(
        num=num, den=den,
        qual=pl.coalesce("qualifier", "v_qualifier"),
        stat=pl.coalesce(pl.col("status").str.to_lowercase(), "v_status"),
    ).with_columns(
        val=pl.when(pl.col("num").is_not_null() & pl.col("den").is_not_null() & (pl.col("den") != 0))
        .then(100.0 * pl.col("num") / pl.col("den")).otherwise(pl.col("v_value")),
    )
    parsed = pl.col("v_error").is_null() & pl.col("v_value").is_not_null() | pl.col("v_low").is_not_null()
    has_parts = pl.col("num").is_not_null() & pl.col("den").is_not_null()
    # a part is "given" even when it could not be read (that has its own message)
    given_num = pl.col("num").is_not_null() | pl.col("numerator_error").is_not_null()
    given_den = pl.col("den").is_not_null() | pl.col("denominator_error").is_not_null()
    one_part = given_num != given_den
    is_range = pl.col("v_low").is_not_null() | pl.col("v_high").is_not_null()
    numbers = [pl.col("val"), pl.col("v_low"), pl.col("v_high")]
    finite = [n.is_finite() for n in numbers]
    ok_ind = pl.col("i_error").is_null() & pl.col("i_code").is_not_null()
    is_count = ok_ind & (pl.col("i_kind") == "count")
    is_share = ok_ind & pl.col("i_kind").is_in(["percent", "ratio"])
    is_score = ok_ind & (pl.col("i_kind") == "score")  # points on a bounded scale: no parts, no percent
    share_of_parts = 100.0 * pl.col("num") / pl.col("den")
    # The value's own words against the columns: only words actually written can conflict ("90" under ">" is fine).
    qual_conflict = (pl.col("v_qwritten") & pl.col("qualifier").is_in(QUALIFIERS)
                     & (pl.col("qualifier") != pl.col("v_qualifier")))
    column_status = pl.col("status").str.to_lowercase()
    stat_conflict = pl.col("v_swritten") & column_status.is_in(STATUSES) & (column_status != pl.col("v_status"))
    # A number beside its parts must be what the parts give, to the precision it was written with.
    parts_disagree = (has_parts & (pl.col("den") > 0) & pl.col("v_value").is_not_null() & pl.col("v_num").is_null()
                      & is_share & pl.col("v_value").is_finite() & share_of_parts.is_finite()
                      & ((share_of_parts - pl.col("v_value")).abs()
                         > 0.5 * pl.lit(10.0).pow(-pl.col("v_decimals")) * (1 + 1e-9)))
    shown = pl.col("value") + pl.when(typed["value"]).then(pl.lit(" (ô số)")).otherwise(pl.lit(""))
    missing = {c: pl.col(c).is_null() for c in REQUIRED if c != "value"}  # no figure at all: not reported
    limits = [(c, pl.col(c).str.len_chars() > limit, limit) for c, limit in TEXT_LIMITS.items()]
    checks: list[tuple[pl.Expr, str, pl.Expr]] = [
        (pl.col("read_error").is_not_null(), "read_error", pl.col("read_error")),
    ] + [
        (cond, c, pl.lit(f"Thiếu {COLUMN_LABELS[c].lower()}.")) for c, cond in missing.items()
    ] + [
        (pl.col("i_error").is_not_null(), "indicator_code", pl.col("i_error")),
        (pl.col("p_error").is_not_null(), "period", pl.col("p_error")),
        (pl.col("u_error").is_not_null(), "unit_code", pl.col("u_error")),
        (pl.col("pr_error").is_not_null(), "province", pl.col("pr_error")),
        (pl.col("di_error").is_not_null(), "district", pl.col("di_error")),
        (pl.col("v_error").is_not_null(), "value", pl.col("v_error")),
        (pl.col("numerator_error").is_not_null(), "numerator", pl.col("numerator_error")),
        (pl.col("denominator_error").is_not_null(), "denominator", pl.col("denominator_error")),
        (pl.col("m_error").is_not_null(), "measure_text", pl.col("m_error")),
        (pl.col("qual").is_not_null() & ~pl.col("qual").is_in(QUALIFIERS), "qualifier",
         pl.format("Dấu so sánh \"{}\" không hợp lệ; dùng một trong: " + ", ".join(QUALIFIERS) + ".",
                   pl.col("qual"))),
        (pl.col("stat").is_not_null() & ~pl.col("stat").is_in(STATUSES), "status",
         pl.format('Trạng thái "{}" không hợp lệ; dùng actual, expected hoặc target.', pl.col("stat"))),
        (qual_conflict, "value",
         pl.format('Giá trị "{}" tự ghi dấu so sánh "{}" nhưng cột Dấu so sánh ghi "{}": sửa một trong hai.',
                   "value", "v_qualifier", "qualifier")),
        (stat_conflict, "value",
         pl.format('Giá trị "{}" ghi là {} nhưng cột Trạng thái (hoặc tiêu đề cột) ghi {}: sửa một trong hai.',
                   "value", pl.col("v_status").replace_strict(_STATUS_VI, default=pl.col("v_status")),
                   column_status.replace_strict(_STATUS_VI, default=column_status))),
        (one_part & given_num, "denominator",
         pl.lit("Có tử số nhưng thiếu mẫu số: một tỷ lệ cần cả hai (vd 13/17), hoặc chỉ ghi giá trị.")),
        (one_part & given_den, "numerator",
         pl.lit("Có mẫu số nhưng thiếu tử số: một tỷ lệ cần cả hai (vd 13/17), hoặc chỉ ghi giá trị.")),
        (pl.col("v_num").is_not_null() & pl.col("numerator_num").is_not_null()
         & (pl.col("v_num") != pl.col("numerator_num")), "numerator",
         pl.format('Tử số {} khác tử số trong giá trị "{}".', _vi(pl.col("numerator_num")), "value")),
        (pl.col("v_den").is_not_null() & pl.col("denominator_num").is_not_null()
         & (pl.col("v_den") != pl.col("denominator_num")), "denominator",
         pl.format('Mẫu số {} khác mẫu số trong giá trị "{}".', _vi(pl.col("denominator_num")), "value")),
        (parts_disagree, "value",
         pl.format('Giá trị "{}" khác tỷ lệ tính từ tử số và mẫu số: {}/{} = {}%.', shown, _vi(pl.col("num")),
                   _vi(pl.col("den")), _vi(share_of_parts))),
        (is_range & has_parts, "value", pl.lit("Một khoảng giá trị không đi kèm tử số, mẫu số.")),
        (has_parts & (pl.col("den") == 0), "denominator", pl.lit("Mẫu số bằng 0.")),
        (has_parts & (pl.col("num") > pl.col("den")), "numerator",
         pl.lit("Tử số lớn hơn mẫu số.")),
        (has_parts & ((pl.col("num") < 0) | (pl.col("den") < 0)), "numerator",
         pl.lit("Tử số và mẫu số không được âm.")),
        (~pl.all_horizontal(n.fill_null(0.0).is_finite() for n in [*numbers, pl.col("num"), pl.col("den")]),
         "value", pl.lit("Số quá lớn hoặc không xác định (vô cực, NaN): không lưu được.")),
        (is_count & (pl.col("num").is_not_null() | pl.col("v_percent")), "value",
         pl.format("Chỉ tiêu {} là số đếm; không ghi dạng tỷ lệ hay phần trăm.", pl.col("i_code"))),
        (is_count & pl.any_horizontal(n < pl.col("i_min") for n in numbers), "value",
         pl.lit("Số đếm không được âm.")),
        (is_count & pl.any_horizontal(ok & (n > pl.col("i_max")) for n, ok in zip(numbers, finite, strict=True)),
         "value", pl.col("i_max_msg")),
        (is_count & pl.col("i_integer") & pl.any_horizontal(ok & (n != n.floor())
                                                            for n, ok in zip(numbers, finite, strict=True)),
         "value", pl.lit("Số đếm phải là số nguyên.")),
        (is_score & (given_num | given_den | pl.col("v_percent")), "value",
         pl.format("Chỉ tiêu {} là điểm số; không ghi dạng tỷ lệ, phần trăm hay tử số/mẫu số.", pl.col("i_code"))),
        (is_score & pl.any_horizontal(ok & ((n < pl.col("i_min")) | (n > pl.col("i_max")))
                                      for n, ok in zip(numbers, finite, strict=True)), "value", pl.col("i_max_msg")),
        (is_share & (pl.col("i_kind") == "ratio") & ~has_parts & ~pl.col("v_percent") & parsed, "value",
         pl.format("Chỉ tiêu {} là tỷ lệ: ghi dạng tử số/mẫu số (vd 13/17) hoặc phần trăm (vd 76,5%).",
                   pl.col("i_code"))),
        (is_share & ~(has_parts & (pl.col("num") > pl.col("den")))
         & pl.any_horizontal(ok & ((n < pl.col("i_min")) | (n > pl.col("i_max")))
                             for n, ok in zip(numbers, finite, strict=True)), "value",
         pl.lit("Tỷ lệ phần trăm phải trong khoảng 0–100.")),
        (is_share & pl.col("num").is_finite() & (pl.col("num") > pl.col("i_parts_max")), "numerator",
         pl.col("i_parts_msg")),
        (is_share & pl.col("den").is_finite() & (pl.col("den") > pl.col("i_parts_max")), "denominator",
         pl.col("i_parts_msg")),
        # The invariant: an accepted figure has a number (a value, or both bounds of a range), never an empty one.
        (pl.col("val").is_null() & (pl.col("v_low").is_null() | pl.col("v_high").is_null()) & ~one_part
         & pl.col("v_error").is_null() & pl.col("numerator_error").is_null() & pl.col("denominator_error").is_null()
         & pl.col("read_error").is_null(), "value", pl.lit("Không đọc được con số nào trong ô giá trị.")),
    ] + [
        (too_long, c, pl.format(f"{COLUMN_LABELS[c]} dài {{}} ký tự, vượt giới hạn {format_number(limit)} ký tự.",
                                _vi(pl.col(c).str.len_chars())))
        for c, too_long, limit in limits
    ]
    # One pass: every failed check becomes a (field, message) entry in the row's error list.
    df = df.with_columns(_errors=pl.concat_list(
        pl.when(cond.fill_null(False)).then(pl.struct(pl.lit(col).alias("field"), msg.alias("message")))
        for cond, col, msg in checks
    ).list.drop_nulls())
    # A row the reader could not read as a whole (ragged, an over-long cell) is refused for that reason alone:
    # its other "missing" fields are consequences, not further problems.
    df = df.with_columns(_errors=pl.when(pl.col("read_error").is_not_null())
                         .then(pl.col("_errors").list.filter(pl.element().struct.field("field") == "read_error"))
                         .otherwise(pl.col("_errors")))
    failed = df.filter(pl.col("_errors").list.len() > 0)
    texts = [*COLUMNS, "measure_text"]
    problems = [failed.select("rec", "row_no", *texts, "read_error_column", "_errors").explode("_errors")
                .unnest("_errors")
                .select("rec", "row_no", "field",
                        pl.when(pl.col("field") == "read_error").then(pl.col("read_error_column"))
                        .otherwise(pl.col("field").replace_strict(_LABELS)).fill_null(_LABELS["read_error"])
                        .alias("column"),
                        pl.coalesce(pl.when(pl.col("field") == c).then(pl.col(c)) for c in texts)
                        .fill_null("").alias("text"),
                        pl.lit("error").alias("severity"), "message")]
    good = df.filter(pl.col("_errors").list.len() == 0).with_columns(pl.col("stat").fill_null("actual"),
                                                                     pl.col("qual").fill_null("="))
    cell = ["u_key", "i_code", "p_canonical", "stat"]
    good = good.with_columns(first_rec=pl.col("rec").min().over(cell)).with_columns(
        first_row=pl.col("row_no").sort_by("rec").first().over(cell))
    dupes = good.filter(pl.col("rec") != pl.col("first_rec")).select(
        "rec", "row_no", pl.lit("value").alias("field"), pl.lit(COLUMN_LABELS["value"]).alias("column"),
        pl.col("value").alias("text"),
        pl.lit("error").alias("severity"),
        pl.format("Trùng ô đã có ở dòng {} (cùng đơn vị, chỉ tiêu, kỳ, trạng thái).", pl.col("first_row"))
        .alias("message"))
    good = good.filter(pl.col("rec") == pl.col("first_rec"))
    accepted = good.select(
        "rec", "row_no", pl.col("u_key").alias("unit_key"), pl.col("i_code").alias("indicator_code"),
        pl.col("p_canonical").alias("period"), pl.col("p_kind").alias("period_kind"),
        pl.col("p_start").alias("period_start"), pl.col("p_end").alias("period_end"),
        pl.lit(False).alias("period_approximate"), pl.col("val").alias("value"),
        pl.col("num").alias("numerator"), pl.col("den").alias("denominator"),
        pl.col("v_low").alias("value_low"), pl.col("v_high").alias("value_high"),
        pl.col("qual").alias("qualifier"), pl.col("stat").alias("status"),
        pl.coalesce("value", pl.format("{}/{}", "numerator", "denominator")).alias("raw_text"),
        pl.lit(None, dtype=pl.String).alias("quote"), "note", pl.col("source").alias("source_text"),
        pl.col("unit_code").alias("unit_text"), pl.col("u_by").alias("matched_by"),
    ).cast(ACCEPTED_SCHEMA).sort("row_no")
    empty = accepted.filter(pl.col("value").is_null() & (pl.col("value_low").is_null()
                                                         | pl.col("value_high").is_null()))
    if empty.height:  # the last guard of the invariant above: never store a figure without a number
        raise RuntimeError(f"check_rows would accept rows without a number: {empty['row_no'].to_list()[:10]}")
    all_problems = pl.concat([*problems, dupes]).cast(PROBLEM_SCHEMA).sort("rec", maintain_order=True)
    return CheckResult(accepted, all_problems, records, not_reported)
