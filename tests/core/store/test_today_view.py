"""Today's view (issue 11): completeness judged per predecessor, one rule for periods that straddle 1/7/2025,
ratios only from rows with both parts. Every expected number is worked out here by hand.

Real codes from the store: old Bạc Liêu is province 95 (7 districts 954–961), old Cà Mau province 96 (9 districts
964–973); both became today's Cà Mau (new:96). A code is read at the period's end, so `96` for the year 2025 is
new Cà Mau while `95` (which has no successor of that code) is old Bạc Liêu, and `96` for 2025-H1 is old Cà Mau.
"""


import polars as pl
import pytest

from danvan.store import db
from tests.core.store.returns import upload


def cells(con, unit_key: str, code: str, period: str, status: str = "actual") -> list[dict]:
    """Every row today's view gives for one cell (not de-duplicated by the caller, so a second row shows)."""
    return [r for r in db.run(con, "compare_series_today", indicator=code, unit_keys=[unit_key]).to_dicts()
            if r["period"] == period and r["status"] == status]


def one(con, unit_key: str, code: str, period: str, status: str = "actual") -> dict | None:
    rows = cells(con, unit_key, code, period, status)
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def districts(con, province_key: str) -> list[str]:
    """District codes of an old province, read from the registry (parent_key), not guessed."""
    return [r[0] for r in con.execute(
        "SELECT code FROM units WHERE era = 'old' AND level = 'district' AND parent_key = ? ORDER BY code",
        [province_key]).fetchall()]


def test_the_registry_has_the_districts_the_cases_assume(con):
    assert districts(con, "old:95") == ["954", "956", "957", "958", "959", "960", "961"]
    assert len(districts(con, "old:96")) == 9
    assert sorted(r[0] for r in con.execute(
        "SELECT old_key FROM crosswalk WHERE level = 'province' AND new_key = 'new:96'").fetchall()) == [
        "old:95", "old:96"]


# 1/ Completeness of a district roll-up, per predecessor province ---------------------------------------------


def test_all_bac_lieu_districts_but_two_of_nine_ca_mau_districts_is_partial(con):
    bac_lieu, ca_mau = districts(con, "old:95"), districts(con, "old:96")
    # Bạc Liêu: 7 districts, 1..7 dialogues → 28; Cà Mau: 2 of 9 districts, 10 and 20 → 30; together 58.
    rows = "".join(f"{c},DOITHOAI,2023,{i},,\n" for i, c in enumerate(bac_lieu, start=1))
    rows += f"{ca_mau[0]},DOITHOAI,2023,10,,\n{ca_mau[1]},DOITHOAI,2023,20,,\n"
    upload(con, rows)
    row = one(con, "new:96", "DOITHOAI", "2023")
    assert (row["value"], row["derived"], row["partial"]) == (58, True, True)
    assert "Bạc Liêu: 7/7 huyện" in row["derivation"] and "Cà Mau: 2/9 huyện" in row["derivation"]
    assert "chưa đủ" in row["derivation"]


def test_all_districts_of_both_provinces_is_complete(con):
    bac_lieu, ca_mau = districts(con, "old:95"), districts(con, "old:96")
    # Bạc Liêu 1..7 → 28; Cà Mau 10, 20 and seven districts of 3 → 10 + 20 + 21 = 51; together 79.
    rows = "".join(f"{c},DOITHOAI,2023,{i},,\n" for i, c in enumerate(bac_lieu, start=1))
    rows += f"{ca_mau[0]},DOITHOAI,2023,10,,\n{ca_mau[1]},DOITHOAI,2023,20,,\n"
    rows += "".join(f"{c},DOITHOAI,2023,3,,\n" for c in ca_mau[2:])
    upload(con, rows)
    row = one(con, "new:96", "DOITHOAI", "2023")
    assert (row["value"], row["qualifier"], row["partial"]) == (79, "=", False)
    assert "Cộng 2/2" in row["derivation"] and "chưa đủ" not in row["derivation"]
    assert "Bạc Liêu: 7/7 huyện" in row["derivation"] and "Cà Mau: 9/9 huyện" in row["derivation"]


def test_a_province_figure_and_the_other_provinces_districts(con):
    ca_mau = districts(con, "old:96")
    # Bạc Liêu reports for itself (100); old Cà Mau through 2 of its 9 districts (4 + 5): 109, partial.
    upload(con, f"95,DOITHOAI,2023,100,,\n{ca_mau[0]},DOITHOAI,2023,4,,\n{ca_mau[1]},DOITHOAI,2023,5,,\n")
    row = one(con, "new:96", "DOITHOAI", "2023")
    assert (row["value"], row["partial"]) == (109, True)
    # The other seven Cà Mau districts report 1 each: 100 + 4 + 5 + 7 = 116, complete.
    upload(con, "".join(f"{c},DOITHOAI,2023,1,,\n" for c in ca_mau[2:]))
    row = one(con, "new:96", "DOITHOAI", "2023")
    assert (row["value"], row["partial"]) == (116, False)


def test_a_ratio_of_districts_is_partial_per_province(con):
    bac_lieu, ca_mau = districts(con, "old:95"), districts(con, "old:96")
    # Communes with one-stop: every Bạc Liêu district 5/10 (35/70), two Cà Mau districts 8/10 each (16/20):
    # 51/90 = 56,67 %, partial because 7 Cà Mau districts are missing.
    rows = "".join(f"{c},MC_XA,2023,,5,10\n" for c in bac_lieu)
    rows += f"{ca_mau[0]},MC_XA,2023,,8,10\n{ca_mau[1]},MC_XA,2023,,8,10\n"
    upload(con, rows)
    row = one(con, "new:96", "MC_XA", "2023")
    assert (row["numerator"], row["denominator"], row["partial"]) == (51, 90, True)
    assert row["value"] == pytest.approx(100 * 51 / 90)


# 2/ Periods that straddle 1/7/2025 ---------------------------------------------------------------------------


def test_year_2025_reported_by_the_new_unit_wins_over_the_derived_figure(con):
    ca_mau = districts(con, "old:96")
    # Old units for 2025: Bạc Liêu 1.200 and all nine old Cà Mau districts 100 each → 1.200 + 900 = 2.100.
    upload(con, "95,TCD_CUOC,2025,1.200,,\n" + "".join(f"{c},TCD_CUOC,2025,100,,\n" for c in ca_mau))
    derived = one(con, "new:96", "TCD_CUOC", "2025")
    # Both predecessors and every district reported, yet partial: old units existed only until 30/6/2025.
    assert (derived["value"], derived["derived"], derived["partial"]) == (2100, True, True)
    assert "Cộng 2/2" in derived["derivation"] and "1/7/2025" in derived["derivation"]
    # New Cà Mau reports its own 2025 figure: exactly one row for the cell, the reported one.
    upload(con, "96,TCD_CUOC,2025,3.600,,\n")
    assert len(cells(con, "new:96", "TCD_CUOC", "2025")) == 1
    row = one(con, "new:96", "TCD_CUOC", "2025")
    assert (row["value"], row["derived"], row["partial"]) == (3600, False, False)
    # As reported, Bạc Liêu's 2025 figure is still there under its own name.
    mine = db.run(con, "compare_series", indicator="TCD_CUOC", unit_keys=["old:95"]).filter(pl.col("period") == "2025")
    assert mine["value"].to_list() == [1200]


def test_the_map_gets_one_row_per_unit_for_2025(con):
    upload(con, "95,TCD_CUOC,2025,1.200,,\n96,TCD_CUOC,2025,3.600,,\n17,TCD_CUOC,2025,40,,\n")
    values = db.run(con, "map_values_today", indicator="TCD_CUOC", period="2025", level="province",
                    province_key=None)
    assert values["unit_key"].is_unique().all()
    by_unit = {r["unit_key"]: r for r in values.to_dicts()}
    assert (by_unit["new:96"]["value"], by_unit["new:96"]["derived"]) == (3600, False)
    # Hòa Bình (old:17) alone for new Phú Thọ (Hòa Bình, Phú Thọ, Vĩnh Phúc): 40, derived, partial.
    assert (by_unit["new:25"]["value"], by_unit["new:25"]["derived"], by_unit["new:25"]["partial"]) == (40, True, True)


def test_half_years_either_side_of_the_merger(con):
    # 2025-H1 lies before the merger: derived from old units, complete when both reported (500 + 700 = 1.200).
    upload(con, "95,TCD_CUOC,2025-H1,500,,\n96,TCD_CUOC,2025-H1,700,,\n96,TCD_CUOC,2025-H2,2.000,,\n")
    first = one(con, "new:96", "TCD_CUOC", "2025-H1")
    assert (first["value"], first["derived"], first["partial"]) == (1200, True, False)
    # 2025-H2 lies after it: only new Cà Mau's own report, once; the first half is never carried into it.
    second = cells(con, "new:96", "TCD_CUOC", "2025-H2")
    assert [(r["value"], r["derived"], r["partial"]) for r in second] == [(2000, False, False)]


def test_an_old_figure_for_a_period_after_the_merger_is_never_carried(con):
    """The importer refuses old units after 30/6/2025; a legacy row that slipped in is not carried either."""
    upload(con, "95,TCD_CUOC,2025-Q2,30,,\n")
    con.execute("UPDATE observations SET period = '2025-Q3', period_start = DATE '2025-07-01', "
                "period_end = DATE '2025-09-30' WHERE unit_key = 'old:95' AND period = '2025-Q2'")
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'current_cells'").fetchone()[0]:
        # keep the store's own index of current cells in step, so the store stays consistent
        con.execute("UPDATE current_cells SET period = '2025-Q3' WHERE unit_key = 'old:95' AND period = '2025-Q2'")
    assert one(con, "new:96", "TCD_CUOC", "2025-Q3") is None
    upload(con, "96,TCD_CUOC,2025-Q3,80,,\n")
    assert [r["value"] for r in cells(con, "new:96", "TCD_CUOC", "2025-Q3")] == [80]


def test_as_of_dates_either_side_of_the_merger(con):
    # As of 30/6/2025 both old provinces existed: 12 + 30 = 42, complete, derived.
    upload(con, "95,NTM_XA,2025-06-30,,12,20\n96,NTM_XA,2025-06-30,,30,40\n")
    before = one(con, "new:96", "NTM_XA", "2025-06-30")
    assert (before["numerator"], before["denominator"], before["derived"], before["partial"]) == (42, 60, True, False)
    assert before["value"] == pytest.approx(70)  # 42/60
    # As of 30/9/2025 only today's Cà Mau can report; its 50/60 is the one row.
    upload(con, "96,NTM_XA,2025-09-30,,50,60\n")
    after = cells(con, "new:96", "NTM_XA", "2025-09-30")
    assert [(r["numerator"], r["denominator"], r["derived"]) for r in after] == [(50, 60, False)]


# 3/ Ratios only from rows with both parts ----------------------------------------------------------------------


def test_a_ratio_where_one_predecessor_gave_only_a_percent_is_not_combined(con):
    # Bạc Liêu 15/17 with its parts, old Cà Mau only "50%": summing 15/17 alone would pass Bạc Liêu off as
    # Cà Mau; the rule is "not combined": the row is there, marked, with no number.
    upload(con, "95,MC_CQCM,2019,,15,17\n96,MC_CQCM,2019,50%,,\n")
    row = one(con, "new:96", "MC_CQCM", "2019")
    assert row["not_combined"] and row["value"] is None
    assert (row["numerator"], row["denominator"]) == (None, None)
    # Not drawn on the map, not ranked.
    assert db.run(con, "map_values_today", indicator="MC_CQCM", period="2019", level="province",
                  province_key=None).filter(pl.col("unit_key") == "new:96").height == 0


def test_a_ratio_with_parts_from_every_predecessor_is_recomputed(con):
    upload(con, "95,MC_CQCM,2019,,15,17\n96,MC_CQCM,2019,,10,20\n")
    row = one(con, "new:96", "MC_CQCM", "2019")
    assert (row["numerator"], row["denominator"], row["partial"], row["not_combined"]) == (25, 37, False, False)
    assert row["value"] == pytest.approx(100 * 25 / 37)


def test_a_single_district_percent_is_never_carried_as_its_provinces_ratio(con):
    # Hà Nội crosses 1:1; one of its districts gives only a percent for communes with one-stop: not a city figure.
    district = districts(con, "old:01")[0]
    upload(con, f"{district},MC_XA,2019,80%,,\n")
    row = one(con, "new:01", "MC_XA", "2019")
    assert row is None or (row["not_combined"] and row["value"] is None)


def test_every_cell_of_todays_view_is_one_row(con):
    upload(con, "95,TCD_CUOC,2025,1.200,,\n96,TCD_CUOC,2025,3.600,,\n95,TCD_CUOC,2025-H1,500,,\n"
                "96,TCD_CUOC,2025-H1,700,,\n96,TCD_CUOC,2025-H2,2.000,,\n")
    dupes = con.execute("SELECT unit_key, indicator_code, period, status, count(*) FROM today_observations "
                        "GROUP BY ALL HAVING count(*) > 1").fetchall()
    assert dupes == []
