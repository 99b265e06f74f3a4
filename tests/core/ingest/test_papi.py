"""The citizens' view: PAPI 2011–2016 seeded through the upload pipeline, as scores that never add up.

Expected figures are read here from the shipped workbook with openpyxl (its cached values, cell by cell), never
from the reader under test: row 1 English headers, row 2 Vietnamese, column A `tinhid` (GSO code without its
leading zero), C `tentinh_vie`, D/I/M/Q/V/AA the six dimensions, AF the unweighted total; row 66 of each sheet is
"Điểm cao nhất" (tinhid 999); in 2014 Bắc Giang (24) and Đồng Tháp (87) have blank dimensions and a total of 0.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
import yaml

from danvan.grammar import catalogue
from danvan.grammar.periods import find_period
from danvan.ingest import seed
from danvan.ingest._layout import is_summary
from danvan.ingest.importer import plan_bytes
from danvan.store import db, revisions
from danvan.store.registry import build_units, index_for
from danvan.store.resolve import Resolver
from tests.conftest import ROOT

WORKBOOK = ROOT / "data/seeds/papi/PAPI_2011-2016.xlsx"
TODAY = date(2026, 11, 23)
YEARS = range(2011, 2017)
# indicator → its column (0-based) in every sheet
COLUMNS = {"PAPI_THAMGIA": 3, "PAPI_MINHBACH": 8, "PAPI_GIAITRINH": 12, "PAPI_THAMNHUNG": 16, "PAPI_TTHC": 21,
           "PAPI_DVC": 26, "PAPI_TONG": 31}


@pytest.fixture(scope="module")
def workbook() -> dict[int, list[tuple]]:
    """year → the data rows of its sheet (row 3 on), as cached values."""
    book = openpyxl.load_workbook(WORKBOOK, data_only=True, read_only=True)
    try:
        return {y: [r for r in book[f"{y}_PAPI"].iter_rows(min_row=3, values_only=True) if r and r[0] is not None]
                for y in YEARS}
    finally:
        book.close()


def expected_figures(workbook) -> dict[tuple[str, str, str], float]:
    """(unit_key, indicator, year) → the workbook's number, for every province row and every filled cell; the
    0 total of a province without dimensions is no score (the scale starts at 6) and is not expected."""
    out = {}
    for year, rows in workbook.items():
        for row in rows:
            if row[0] == 999:  # "Điểm cao nhất"
                continue
            for code, j in COLUMNS.items():
                if isinstance(row[j], int | float) and row[j] != 0:
                    out[(f"old:{row[0]:02d}", code, str(year))] = row[j]
    return out


@pytest.fixture(scope="module")
def stored(seeded_db) -> dict[tuple[str, str, str], float]:
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = con.execute("SELECT unit_key, indicator_code, period, value FROM current_observations "
                           "WHERE indicator_code LIKE 'PAPI%'").fetchall()
    return {(u, i, p): v for u, i, p, v in rows}


# --------------------------------------------------------------------------------------------- catalogue

def test_the_catalogue_has_the_seven_scores_with_their_scale_and_topic():
    papi = {c: i for c, i in catalogue.indicators().items() if i.topic == "papi"}
    assert sorted(papi) == sorted(COLUMNS)
    for code, ind in papi.items():
        assert (ind.kind, ind.higher_is_better, ind.aggregation, ind.crosswalk) == ("score", True, "none", "carry")
        assert ind.is_score and not ind.is_percent_valued
        measure = ind.value_measure
        assert (measure.min, measure.max) == ((6, 60) if code == "PAPI_TONG" else (1, 10))
        assert (measure.integer, measure.decimals, measure.suffix_vi) == (False, 2, " điểm")
        assert len(ind.short_vi) <= 26  # a card or a legend on a projector
    assert catalogue.get("PAPI_MINHBACH").fits_measure("Điểm")
    assert not catalogue.get("PAPI_MINHBACH").fits_measure("%")


def test_the_store_knows_how_scores_cross_the_merger(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rules = con.execute("SELECT DISTINCT kind, aggregation, crosswalk FROM indicators WHERE topic = 'papi'"
                            ).fetchall()
    assert rules == [("score", "none", "carry")]


# --------------------------------------------------------------------------------------------- the seed

def test_the_shipped_copy_is_the_source_workbook():
    entry = next(w for w in seed.workbooks() if w["ref"] == "papi_2011_2016")
    assert seed._workbook_bytes(entry, seed.SEED_DIR) == WORKBOOK.read_bytes()
    readme = (WORKBOOK.parent / "README.md").read_text(encoding="utf-8")
    for words in ("be581b8d5b1f0c6a747199fe23d8a77e55396e17", "CC0", "CECODES, VFF-CRT, UNDP", entry["sha256"]):
        assert words in readme


def test_every_score_of_the_workbook_is_stored_once_on_its_province(workbook, stored):
    """6 years × 63 provinces × 7 indicators, less the 2 × 7 cells 2014 has no scores for: 2.632 figures, each the
    workbook's number on the old-era province whose code is tinhid (zero-padded)."""
    expected = expected_figures(workbook)
    provinces = {y: {r[0] for r in rows if r[0] != 999} for y, rows in workbook.items()}
    assert all(len(p) == 63 for p in provinces.values())
    assert len(expected) == 6 * 63 * 7 - 2 * 7 == 2632
    assert stored.keys() == expected.keys()
    assert all(stored[k] == expected[k] for k in expected)  # the float as the cell holds it, not rounded


def test_thua_thien_hue_2016_total_is_the_workbook_cell(workbook, stored):
    row = next(r for r in workbook[2016] if r[2] == "Thừa Thiên-Huế")
    assert row[0] == 46
    assert stored[("old:46", "PAPI_TONG", "2016")] == row[31]
    assert round(stored[("old:46", "PAPI_TONG", "2016")], 2) == 35.34


def test_the_province_names_resolve_to_the_units_of_their_codes(workbook, seeded_db):
    """The reader places figures by tinhid and checks the name beside it; every name PAPI writes, every year,
    also resolves by the registry's name rules to that same old-era province."""
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        resolver = Resolver(index_for(con))
    for year, rows in workbook.items():
        span = (date(year, 1, 1), date(year, 12, 31))
        for row in rows:
            if row[0] == 999:
                continue
            for name in (row[2], row[1]):
                found = resolver.resolve(name, *span, "province").unit
                assert found is not None and found.unit_key == f"old:{row[0]:02d}", (year, name)


def test_every_figure_carries_the_source_author_and_licence(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        sources = con.execute(
            "SELECT DISTINCT source_title, source_author, source_publisher, source_licence, source_kind "
            "FROM current_observations WHERE indicator_code LIKE 'PAPI%'").fetchall()
    assert len(sources) == 1
    title, author, publisher, licence, kind = sources[0]
    assert title.startswith("PAPI 2011–2016")
    assert author == "PAPI – Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (CECODES, VFF-CRT, UNDP)"
    assert (publisher, licence, kind) == ("CECODES, VFF-CRT, UNDP", "CC0", "document")


def test_the_export_names_the_source_and_its_licence(seeded_db):
    with db.connect(seeded_db) as con:
        rows = db.run(con, "export_observations", unit_code="46", indicator="PAPI_TONG")
    assert rows["period"].to_list() == [str(y) for y in YEARS]
    assert all(s.startswith("PAPI 2011–2016") and s.endswith("— CECODES, VFF-CRT, UNDP (CC0)")
               for s in rows["source"].to_list())


def test_init_again_stages_nothing(writable_db, monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("staged a workbook whose version the store already holds")

    monkeypatch.setattr(revisions, "stage", refuse)
    monkeypatch.setattr(seed, "index_for", refuse)
    monkeypatch.setattr(seed, "plan_bytes", refuse)
    with db.connect(writable_db) as con:
        report = seed.load_seeds(con, today=TODAY)
        versions = con.execute("SELECT version, rows_new, rows_unchanged FROM seed_versions "
                               "WHERE source_ref = 'papi_2011_2016'").fetchall()
    [table] = report.tables
    assert not table.applied
    entry = seed.workbooks()[0]
    assert versions == [(seed.workbook_version(entry, WORKBOOK.read_bytes()), 2632, 0)]


def _entry_file(tmp_path: Path, **change) -> Path:
    data = yaml.safe_load(seed.WORKBOOK_FILE.read_text(encoding="utf-8"))
    data["workbooks"][0].update(change)
    path = tmp_path / "workbooks.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_refused_cell_not_listed_stops_the_seed_and_writes_nothing(writable_db, tmp_path):
    path = _entry_file(tmp_path, leave_out=[seed.workbooks()[0]["leave_out"][0]])  # AF58 no longer listed
    with db.connect(writable_db) as con:
        before = con.execute("SELECT count(*) FROM observations").fetchall()
        with pytest.raises(seed.SeedError, match="2014_PAPI!AF58"):
            seed.load_seeds(con, today=TODAY, workbook_file=path)
        assert con.execute("SELECT count(*) FROM observations").fetchall() == before


def test_a_listed_cell_the_checks_accept_stops_the_seed(writable_db, tmp_path):
    extra = {"sheet": "2016_PAPI", "cell": "AF64", "reason": "thử"}  # Bạc Liêu 2016: a real score
    path = _entry_file(tmp_path, leave_out=[*seed.workbooks()[0]["leave_out"], extra])
    with db.connect(writable_db) as con, pytest.raises(seed.SeedError, match="2016_PAPI!AF64"):
        seed.load_seeds(con, today=TODAY, workbook_file=path)


def test_a_changed_workbook_is_refused_by_its_checksum(tmp_path):
    (tmp_path / "papi").mkdir()
    (tmp_path / "papi/PAPI_2011-2016.xlsx").write_bytes(WORKBOOK.read_bytes() + b"\0")
    with pytest.raises(seed.SeedError, match="sha256"):
        seed._workbook_bytes(seed.workbooks()[0], tmp_path)


# --------------------------------------------------------------------------------------------- the reader

def test_sheet_names_give_their_year_and_summary_rows_are_no_units():
    assert str(find_period("2016_PAPI")) == "2016"
    assert find_period("PAPI_2011-2016") is None  # two years: no period
    for text in ("Điểm cao nhất", "Highest", "THẤP NHẤT", "Trung bình chung"):
        assert is_summary(text)
    names = build_units()["short_name"].to_list()
    assert not [n for n in names if is_summary(n)]  # "Trung Bình" is a commune, and stays one


def test_a_name_that_contradicts_the_code_refuses_the_row(writable_db):
    text = ("tinhid;tentinh_vie;Công khai, minh bạch\n"
            "46;Thừa Thiên-Huế;5,5\n"
            "45;Thừa Thiên-Huế;5,5\n"
            "44;Tỉnh Không Có;5,5\n")
    with db.connect(writable_db) as con:
        plan = plan_bytes(con, text.encode(), "papi-2016.csv", today=TODAY, default_period="2016")
    assert plan.check.accepted["unit_key"].to_list() == ["old:46", "old:44"]  # an unknown name: the code decides
    [problem] = plan.check.problems.to_dicts()
    assert problem["row_no"] == 3
    assert 'Mã "45"' in problem["message"] and "Quảng Trị" in problem["message"] and "Huế" in problem["message"]


# --------------------------------------------------------------------------------------------- uploads

@pytest.mark.parametrize(("code", "value", "ok"), [
    ("PAPI_MINHBACH", "5,34", True), ("PAPI_MINHBACH", "1", True), ("PAPI_MINHBACH", "10", True),
    ("PAPI_MINHBACH", "10,5", False), ("PAPI_MINHBACH", "0,5", False), ("PAPI_MINHBACH", "-3", False),
    ("PAPI_TONG", "33,81", True), ("PAPI_TONG", "5,9", False), ("PAPI_TONG", "61", False),
    ("PAPI_MINHBACH", "53%", False), ("PAPI_MINHBACH", "3/4", False),
])
def test_a_score_is_refused_outside_its_scale(writable_db, code, value, ok):
    text = f"Mã đơn vị;Mã chỉ tiêu;Kỳ báo cáo;Giá trị\n46;{code};2017;{value}\n"
    with db.connect(writable_db) as con:
        plan = plan_bytes(con, text.encode(), "papi.csv", today=TODAY)
    assert plan.ok is ok
    if not ok:
        message = plan.check.problems["message"][0]
        assert ("phải trong khoảng " + ("6–60 điểm" if code == "PAPI_TONG" else "1–10 điểm")) in message \
            or "là điểm số" in message


def test_a_score_is_never_summed_into_a_merged_province(seeded_db, stored):
    """Today's Cà Mau is Bạc Liêu + old Cà Mau: no score; Hà Nội and Huế were not merged: carried 1:1."""
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = {(u, p): (v, nc, d) for u, p, v, nc, d in con.execute(
            "SELECT unit_key, period, value, not_combined, derived FROM today_observations "
            "WHERE indicator_code = 'PAPI_TONG' AND unit_key IN ('new:96', 'new:01', 'new:46')").fetchall()}
    for year in map(str, YEARS):
        assert rows[("new:96", year)] == (None, True, True)
        assert rows[("new:01", year)] == (stored[("old:01", "PAPI_TONG", year)], False, True)
        assert rows[("new:46", year)] == (stored[("old:46", "PAPI_TONG", year)], False, True)
