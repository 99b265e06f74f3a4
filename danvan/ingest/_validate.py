"""Check a batch of text rows before anything is written; every problem names its row and column.

Rows arrive as a Polars frame of strings with canonical column names (COLUMNS) and the file's own
row number in `row_no`. Each distinct period, unit, indicator and value text is parsed once by the
one grammar (danvan.grammar.periods, danvan.grammar.values) and joined back, so a million rows check in seconds.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.contract import COLUMN_LABELS, COLUMNS, INCOMING_SCHEMA, REQUIRED
from danvan.grammar.periods import PeriodError, parse_period
from danvan.grammar.text import ascii_digits
from danvan.grammar.values import QUALIFIERS, STATUSES, ValueParseError, parse_number, parse_plain_values, parse_value
from danvan.store.registry import UnitIndex
from danvan.store.resolve import Resolver

PROBLEM_SCHEMA = {"rec": pl.Int64, "row_no": pl.Int64, "field": pl.String, "column": pl.String, "text": pl.String,
                  "severity": pl.String, "message": pl.String}
# unit_text and matched_by ("code" | "name" | "alias") say where each accepted figure went (the import report).
ACCEPTED_SCHEMA = {"rec": pl.Int64, "row_no": pl.Int64, **INCOMING_SCHEMA, "source": pl.String, "unit_text": pl.String,
                   "matched_by": pl.String}


@dataclass
class CheckResult:
    accepted: pl.DataFrame   # ACCEPTED_SCHEMA: ready for danvan.store
    problems: pl.DataFrame   # PROBLEM_SCHEMA, one row per problem, sorted by row
    records: int             # records checked (a wide sheet gives one record per filled cell)

    @property
    def rejected(self) -> int:
        """Records with at least one error (a record is a row, or a cell of a wide sheet)."""
        return self.problems.filter(pl.col("severity") == "error")["rec"].n_unique()


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
                row["p_error"] = f'Kỳ báo cáo "{text}" ở tương lai (bắt đầu {p.start:%d/%m/%Y}).'
            else:
                row.update(p_canonical=p.canonical, p_kind=p.kind, p_start=p.start, p_end=p.end)
        except PeriodError as exc:
            row["p_error"] = str(exc)
        out.append(row)
    return pl.DataFrame(out, schema={"period": pl.String, "p_canonical": pl.String, "p_kind": pl.String,
                                     "p_start": pl.Date, "p_end": pl.Date, "p_error": pl.String})


def _indicator_table(texts: list[str]) -> pl.DataFrame:
    inds = catalogue.indicators()
    out = []
    for text in texts:
        ind = inds.get(text.upper().strip())
        if ind is None:
            hint = _suggest(text.upper(), list(inds))
            error = f'Không có chỉ tiêu "{text}" trong danh mục.' + (f' Có phải "{hint}"?' if hint else "")
            out.append({"indicator_code": text, "i_code": None, "i_kind": None, "i_integer": None,
                        "i_error": error})
        else:
            out.append({"indicator_code": text, "i_code": ind.code, "i_kind": ind.kind,
                        "i_integer": catalogue.measures()[ind.measure].integer, "i_error": None})
    return pl.DataFrame(out, schema={"indicator_code": pl.String, "i_code": pl.String, "i_kind": pl.String,
                                     "i_integer": pl.Boolean, "i_error": pl.String})


def _value_table(texts: list[str]) -> pl.DataFrame:
    """Plain numbers go through the grammar's vectorised front; the rest through parse_value, once each."""
    schema = {"value": pl.String, "v_value": pl.Float64, "v_num": pl.Float64, "v_den": pl.Float64,
              "v_low": pl.Float64, "v_high": pl.Float64, "v_qualifier": pl.String, "v_status": pl.String,
              "v_percent": pl.Boolean, "v_error": pl.String}
    fast = parse_plain_values(pl.Series(texts, dtype=pl.String))
    plain = fast.filter(pl.col("plain")).select(
        pl.col("text").alias("value"), pl.col("value").alias("v_value"), pl.col("numerator").alias("v_num"),
        pl.col("denominator").alias("v_den"), pl.lit(None, pl.Float64).alias("v_low"),
        pl.lit(None, pl.Float64).alias("v_high"), pl.lit("=").alias("v_qualifier"),
        pl.lit("actual").alias("v_status"), pl.col("is_percent").alias("v_percent"),
        pl.lit(None, pl.String).alias("v_error"))
    out = []
    for text in fast.filter(~pl.col("plain"))["text"].to_list():
        try:
            v = parse_value(text)
            out.append({"value": text, "v_value": v.value, "v_num": v.numerator, "v_den": v.denominator,
                        "v_low": v.low, "v_high": v.high, "v_qualifier": v.qualifier, "v_status": v.status,
                        "v_percent": v.is_percent, "v_error": None})
        except ValueParseError as exc:
            out.append({"value": text, "v_error": str(exc)})
    return pl.concat([plain.cast(schema), pl.DataFrame(out, schema=schema)])


def _number_table(column: str, texts: list[str]) -> pl.DataFrame:
    out = []
    for text in texts:
        try:
            out.append({column: text, f"{column}_num": parse_number(text), f"{column}_error": None})
        except ValueParseError as exc:
            out.append({column: text, f"{column}_num": None, f"{column}_error": str(exc)})
    return pl.DataFrame(out, schema={column: pl.String, f"{column}_num": pl.Float64,
                                     f"{column}_error": pl.String})


def _unit_table(pairs: pl.DataFrame, resolver: Resolver, level: str | None, within: tuple[str, ...],
                title_unit: str | None) -> pl.DataFrame:
    """Resolve each distinct (unit, province, district, period) with the registry's one rule (store.resolve).

    Context for names: the row's province and district columns, the title's reporting unit and the parent the
    user chose (`within`). Codes are checked against the columns and the chosen parent, not the title.
    """
    out = []
    for text, province, district, canonical, start, end in pairs.iter_rows():
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
        out.append((text, province, district, canonical, unit_key, by, *errors.values()))
    return pl.DataFrame(out, schema={"unit_code": pl.String, "province": pl.String, "district": pl.String,
                                     "p_canonical": pl.String, "u_key": pl.String, "u_by": pl.String,
                                     "u_error": pl.String, "pr_error": pl.String, "di_error": pl.String},
                        orient="row")


def _normalise(rows: pl.DataFrame, default_period: str | None) -> pl.DataFrame:
    for col in COLUMNS:
        if col not in rows.columns:
            rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    rows = rows.with_columns(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in COLUMNS
    ).with_columns(pl.col("row_no").cast(pl.Int64)).with_row_index("rec").with_columns(pl.col("rec").cast(pl.Int64))
    if default_period:
        rows = rows.with_columns(pl.col("period").fill_null(default_period))
    return rows


def check_rows(
    rows: pl.DataFrame, index: UnitIndex, today: date | None = None, default_period: str | None = None,
    unit_level: str | None = None, within: tuple[str, ...] = (), title_unit: str | None = None,
) -> CheckResult:
    """Validate every row; accepted rows are ready for danvan.store, problems explain the rest."""
    rows = _normalise(rows, default_period)
    today = today or date.today()

    def uniq(col: str) -> list[str]:
        return rows[col].drop_nulls().unique().to_list()

    df = (rows
          .join(_period_table(uniq("period"), today), on="period", how="left")
          .join(_indicator_table(uniq("indicator_code")), on="indicator_code", how="left")
          .join(_value_table(uniq("value")), on="value", how="left")
          .join(_number_table("numerator", uniq("numerator")), on="numerator", how="left")
          .join(_number_table("denominator", uniq("denominator")), on="denominator", how="left"))
    unit_cols = ["unit_code", "province", "district", "p_canonical"]
    pairs = df.filter(pl.col("unit_code").is_not_null() & pl.col("p_canonical").is_not_null()).select(
        *unit_cols, "p_start", "p_end").unique(maintain_order=True)
    units = _unit_table(pairs, Resolver(index), unit_level, within, title_unit)
    df = df.join(units, on=unit_cols, how="left", nulls_equal=True)

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
    numbers = [pl.col("val"), pl.col("v_low"), pl.col("v_high")]
    ok_ind = pl.col("i_error").is_null() & pl.col("i_code").is_not_null()
    is_count = ok_ind & (pl.col("i_kind") == "count")
    is_share = ok_ind & (pl.col("i_kind") != "count")
    # A value may be left empty when numerator and denominator are given.
    missing = {c: pl.col(c).is_null() for c in REQUIRED}
    missing["value"] = missing["value"] & (pl.col("numerator").is_null() | pl.col("denominator").is_null())
    checks: list[tuple[pl.Expr, str, pl.Expr]] = [
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
        (pl.col("qual").is_not_null() & ~pl.col("qual").is_in(QUALIFIERS), "qualifier",
         pl.format("Dấu so sánh \"{}\" không hợp lệ; dùng một trong: " + ", ".join(QUALIFIERS) + ".",
                   pl.col("qual"))),
        (pl.col("stat").is_not_null() & ~pl.col("stat").is_in(STATUSES), "status",
         pl.format('Trạng thái "{}" không hợp lệ; dùng actual, expected hoặc target.', pl.col("stat"))),
        (has_parts & (pl.col("den") == 0), "denominator", pl.lit("Mẫu số bằng 0.")),
        (has_parts & (pl.col("num") > pl.col("den")), "numerator",
         pl.lit("Tử số lớn hơn mẫu số.")),
        (has_parts & ((pl.col("num") < 0) | (pl.col("den") < 0)), "numerator",
         pl.lit("Tử số và mẫu số không được âm.")),
        (is_count & (pl.col("num").is_not_null() | pl.col("v_percent").fill_null(False)), "value",
         pl.format("Chỉ tiêu {} là số đếm; không ghi dạng tỷ lệ hay phần trăm.", pl.col("i_code"))),
        (is_count & pl.any_horizontal(n < 0 for n in numbers), "value", pl.lit("Số đếm không được âm.")),
        (is_count & pl.col("i_integer") & pl.any_horizontal(n != n.floor() for n in numbers), "value",
         pl.lit("Số đếm phải là số nguyên.")),
        (is_share & (pl.col("i_kind") == "ratio") & ~has_parts & ~pl.col("v_percent").fill_null(False)
         & parsed, "value",
         pl.format("Chỉ tiêu {} là tỷ lệ: ghi dạng tử số/mẫu số (vd 13/17) hoặc phần trăm (vd 76,5%).",
                   pl.col("i_code"))),
        (is_share & ~(has_parts & (pl.col("num") > pl.col("den")))
         & pl.any_horizontal((n < 0) | (n > 100) for n in numbers), "value",
         pl.lit("Tỷ lệ phần trăm phải trong khoảng 0–100.")),
    ]
    # One pass: every failed check becomes a (field, message) entry in the row's error list.
    df = df.with_columns(_errors=pl.concat_list(
        pl.when(cond.fill_null(False)).then(pl.struct(pl.lit(col).alias("field"), msg.alias("message")))
        for cond, col, msg in checks
    ).list.drop_nulls())
    failed = df.filter(pl.col("_errors").list.len() > 0)
    problems = [failed.select("rec", "row_no", *COLUMNS, "_errors").explode("_errors").unnest("_errors")
                .select("rec", "row_no", "field", pl.col("field").replace_strict(COLUMN_LABELS).alias("column"),
                        pl.coalesce(pl.when(pl.col("field") == c).then(pl.col(c)) for c in COLUMNS)
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
        pl.lit(None, dtype=pl.String).alias("quote"), "note", "source",
        pl.col("unit_code").alias("unit_text"), pl.col("u_by").alias("matched_by"),
    ).cast(ACCEPTED_SCHEMA).sort("row_no")
    all_problems = pl.concat([*problems, dupes]).cast(PROBLEM_SCHEMA).sort("rec", maintain_order=True)
    return CheckResult(accepted, all_problems, rows.height)
