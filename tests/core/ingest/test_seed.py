"""Every figure of the seed documents round-trips through the store and `export`, with its source.

The seed workbook (PAPI, 2.632 figures) is exported too; its figures are tested in test_papi.py, so the tables
here are the documents' rows (indicators not in the PAPI topic)."""

import io
import json
import subprocess
import sys

import polars as pl
import pytest

from tests.conftest import ROOT

# (unit code, indicator, period, status, value, numerator, denominator, low, high, qualifier)
SEED_FIGURES = [
    ("95", "TTHC_1NGAY", "2012", "actual", 98, None, None, None, None, "="),
    ("95", "TTHC_GIAM_TG", "2012", "actual", None, None, None, 50, 75, "range"),
    ("95", "MC_CQCM", "2012", "actual", 100 * 13 / 17, 13, 17, None, None, "="),
    ("95", "MC_HUYEN", "2012", "actual", 100, 7, 7, None, None, "="),
    ("95", "MC_XA", "2012", "actual", 100, 64, 64, None, None, "="),
    ("95", "MC_NGANHDOC", "2012", "actual", 4, None, None, None, None, "="),
    ("157", "MH_CQTT", "2023-05", "actual", 10, None, None, None, None, "="),
    ("157", "KNTC_TYLE", "2023-H1", "actual", 90, None, None, None, None, ">"),
    ("157", "DOITHOAI", "2023-H1", "actual", 18, None, None, None, None, "="),
    ("157", "QCDC_KT_XA", "2023-H1", "actual", 5, None, None, None, None, "="),
    ("157", "QCDC_KT_CQ", "2023-H1", "actual", 5, None, None, None, None, "="),
    ("96", "TTHC_GIAM_TG", "2018", "actual", 20, None, None, None, None, ">="),
    ("96", "TCD_CUOC", "2018", "actual", 2500, None, None, None, None, ">"),
    ("96", "TCD_LUOT", "2018", "actual", 2700, None, None, None, None, ">"),
    ("96", "TCD_DOAN", "2018", "actual", 43, None, None, None, None, "="),
    ("70", "NTM_XA", "2020-09-26", "actual", 100 * 48 / 90, 48, 90, None, None, "="),
    ("70", "NTM_XA", "2020", "expected", 100 * 60 / 90, 60, 90, None, None, "="),
    ("70", "NTM_XA", "2020", "target", 50, None, None, None, None, ">"),
    ("70", "NTM_HUYEN", "2020-09-26", "actual", 100 * 3 / 11, 3, 11, None, None, "="),
]
COLUMNS = ["unit_code", "unit_name", "indicator_code", "period", "value", "numerator", "denominator",
           "value_low", "value_high", "qualifier", "status", "source"]


def export(db, *args: str) -> pl.DataFrame:
    out = subprocess.run([sys.executable, "-m", "danvan", "export", "--db", str(db), *args], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return pl.read_csv(io.StringIO(out), schema_overrides={"unit_code": pl.String, "period": pl.String},
                       infer_schema_length=None)


@pytest.fixture(scope="module")
def exported(seeded_db) -> pl.DataFrame:
    return export(seeded_db).filter(~pl.col("indicator_code").str.starts_with("PAPI_"))


def test_export_has_the_documented_columns_and_every_seed_figure(exported):
    assert exported.columns == COLUMNS
    assert exported.height == len(SEED_FIGURES)


@pytest.mark.parametrize("figure", SEED_FIGURES, ids=lambda f: f"{f[0]}-{f[1]}-{f[2]}-{f[3]}")
def test_seed_figure_round_trips(exported, figure):
    unit, code, period, status, value, num, den, low, high, qualifier = figure
    row = exported.filter((pl.col("unit_code") == unit) & (pl.col("indicator_code") == code)
                          & (pl.col("period") == period) & (pl.col("status") == status))
    assert row.height == 1
    r = row.row(0, named=True)
    for got, want in ((r["value"], value), (r["numerator"], num), (r["denominator"], den),
                      (r["value_low"], low), (r["value_high"], high)):
        assert (got is None and want is None) or got == pytest.approx(want)
    assert r["qualifier"] == qualifier
    assert r["source"]  # every figure names its document


def test_ratio_shown_as_said(exported):
    r = exported.filter(pl.col("indicator_code") == "NTM_XA", pl.col("status") == "actual").row(0, named=True)
    assert round(r["value"], 2) == 53.33
    assert "Bình Phước" in r["source"] and "26/09/2020" in r["source"]


def test_quotes_and_inferred_periods_are_kept(seeded_db):
    import duckdb
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = con.execute(
            "SELECT indicator_code, period_approximate, quote, raw_text FROM current_observations "
            "WHERE unit_code = '95' AND indicator_code NOT LIKE 'PAPI%' ORDER BY indicator_code").fetchall()
        approx_date = con.execute("SELECT date_approximate FROM sources WHERE source_ref LIKE '000_%'").fetchall()[0]
    assert len(rows) == 6
    assert all(approx for _, approx, _, _ in rows)  # year 2012 inferred, marked so
    assert approx_date == (True,)
    quotes = {code: (quote, raw) for code, _, quote, raw in rows}
    assert "13/17 cơ quan chuyên môn" in quotes["MC_CQCM"][0]
    assert quotes["TTHC_GIAM_TG"][1] == "1/2 - 3/4"


def test_export_filters_by_unit_and_indicator_and_json(seeded_db):
    only = export(seeded_db, "--unit", "96", "--indicator", "TCD_CUOC")
    assert only.select("unit_code", "value", "qualifier").rows() == [("96", 2500.0, ">")]
    out = subprocess.run([sys.executable, "-m", "danvan", "export", "--db", str(seeded_db), "--format", "json",
                          "--unit", "157"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    records = json.loads(out)
    assert {r["indicator_code"] for r in records} == {"MH_CQTT", "KNTC_TYLE", "DOITHOAI", "QCDC_KT_XA",
                                                     "QCDC_KT_CQ"}


def test_seeding_twice_changes_nothing(writable_db):
    from danvan.ingest.seed import load_seeds
    from danvan.store import db
    documents_rows = "SELECT count(*) FROM observations WHERE indicator_code NOT LIKE 'PAPI%'"
    with db.connect(writable_db) as con:
        before = con.execute("SELECT count(*) FROM observations").fetchall()[0][0]
        summary = load_seeds(con)
        after = con.execute("SELECT count(*) FROM observations").fetchall()[0][0]
        documents = con.execute(documents_rows).fetchall()[0][0]
    # Every document is already applied at its version: nothing is staged, so nothing is even compared.
    assert (summary.new, summary.revised, summary.unchanged, summary.held) == (0, 0, 0, [])
    assert summary.applied == [] and len(summary.current) == 5
    assert [t.applied for t in summary.tables] == [False]  # the PAPI workbook too
    assert before == after and documents == len(SEED_FIGURES)
