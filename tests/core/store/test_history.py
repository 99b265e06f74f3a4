"""History across the 2025 merger: known figures carried onto today's map, honestly marked."""


import polars as pl
import pytest

from danvan.store import db
from tests.core.store.returns import upload


def today(con, unit_key, code, period, status="actual") -> dict | None:
    rows = db.run(con, "compare_series_today", indicator=code, unit_keys=[unit_key]).filter(
        (pl.col("period") == period) & (pl.col("status") == status)).to_dicts()
    assert len(rows) <= 1
    return rows[0] if rows else None


def test_crosswalk_joins_the_merged_provinces(con):
    pairs = dict(con.execute("SELECT old_key, new_key FROM crosswalk WHERE level = 'province'").fetchall())
    assert (pairs["old:95"], pairs["old:96"], pairs["old:17"], pairs["old:70"]) == (
        "new:96", "new:96", "new:25", "new:75")


def test_count_for_new_ca_mau_adds_bac_lieu_and_old_ca_mau(con):
    upload(con, "95,TCD_CUOC,2019,1.200,,\n96,TCD_CUOC,2019,2.500,,\n")
    row = today(con, "new:96", "TCD_CUOC", "2019")
    assert (row["value"], row["qualifier"], row["derived"], row["partial"]) == (3700, "=", True, False)
    assert "Cộng 2/2" in row["derivation"] and "Bạc Liêu: 1.200" in row["derivation"]


def test_partial_combination_is_flagged_and_keeps_its_qualifier(con):
    row = today(con, "new:96", "TCD_CUOC", "2018")  # the seed: Cà Mau "trên 2.500", Bạc Liêu did not report
    assert (row["value"], row["qualifier"], row["partial"]) == (2500, ">", True)
    assert "Cộng 1/2" in row["derivation"] and "chưa đủ" in row["derivation"]


def test_ratio_is_recomputed_from_numerators_not_averaged(con):
    upload(con, "95,MC_CQCM,2019,,15,17\n96,MC_CQCM,2019,,10,20\n")
    row = today(con, "new:96", "MC_CQCM", "2019")
    assert (row["numerator"], row["denominator"]) == (25, 37)
    assert row["value"] == pytest.approx(100 * 25 / 37)  # 67,57 %, not the mean of 88,24 % and 50 % (69,12 %)
    assert "Tính lại từ tử số" in row["derivation"]


def test_percent_without_weights_is_not_combined_but_carries_one_to_one(con):
    upload(con, "95,KNTC_TYLE,2019,90%,,\n96,KNTC_TYLE,2019,80%,,\n01,KNTC_TYLE,2019,95%,,\n")
    merged = today(con, "new:96", "KNTC_TYLE", "2019")
    assert merged["not_combined"] and merged["value"] is None
    hanoi = today(con, "new:01", "KNTC_TYLE", "2019")
    assert (hanoi["value"], hanoi["derived"], hanoi["not_combined"]) == (95, True, False)


def test_district_report_rolls_up_only_where_the_indicator_allows(con):
    dialogues = today(con, "new:25", "DOITHOAI", "2023-H1")  # Lạc Sơn's 18 dialogues, one district of Hòa Bình
    assert (dialogues["value"], dialogues["partial"]) == (18, True)
    assert "cấp huyện" in dialogues["derivation"]
    assert today(con, "new:25", "KNTC_TYLE", "2023-H1") is None  # "trên 90%" of one district: not a province rate
    reported = db.run(con, "unit_profile", unit_key="old:157")
    assert reported.height == 5  # still visible under its old province, as reported


def test_split_commune_is_apportioned_by_area_only_when_allowed(con):
    split = con.execute(
        "SELECT old_key, list(new_key ORDER BY new_key), list(share ORDER BY new_key) FROM crosswalk "
        "WHERE level = 'commune' AND method = 'area_estimate' GROUP BY old_key "
        "HAVING count(*) = 2 AND min(share) > 0.2 ORDER BY old_key LIMIT 1").fetchall()[0]
    old_key, new_keys, shares = split
    code = old_key.split(":")[1]
    upload(con, f"{code},TCD_CUOC,2019,100,,\n{code},QCDC_KT_CQ,2019,3,,\n")
    parts = [today(con, k, "TCD_CUOC", "2019") for k in new_keys]
    assert [p["value"] for p in parts] == pytest.approx([100 * s for s in shares])
    assert sum(p["value"] for p in parts) == pytest.approx(100)
    assert all(p["qualifier"] == "~" and "diện tích" in p["derivation"] for p in parts)
    assert all(today(con, k, "QCDC_KT_CQ", "2019") is None for k in new_keys)  # not apportionable


def test_as_reported_view_is_unchanged(con):
    before = db.run(con, "export_observations", unit_code=None, indicator=None)
    upload(con, "95,TCD_CUOC,2019,1.200,,\n")
    db.run(con, "export_today", unit_code=None, indicator=None)
    after = db.run(con, "export_observations", unit_code=None, indicator=None)
    assert after.height == before.height + 1
    assert after.filter(pl.col("period") != "2019").equals(before)
    assert not any("Suy ra" in (s or "") for s in after["source"].to_list())
