"""Commune figures summed up to the province and district map (issue 13), worked out here by hand.

Units come from the registry (parent_key), never guessed: today's Cà Mau is new:96 with its 2025 communes; old Hòa
Bình (old:17) has its districts, each with its communes. Figures go in through the real importer.
"""

import pytest

from danvan.store import db
from tests.core.store.returns import upload


def children(con, parent_key: str) -> list[str]:
    """Codes of the units directly below `parent_key`, as the registry lists them."""
    return [r[0] for r in con.execute("SELECT code FROM units WHERE parent_key = ? ORDER BY code",
                                      [parent_key]).fetchall()]


def rollup(con, indicator: str, period: str, era: str, level: str, province_key: str | None = None) -> dict:
    rows = db.run(con, "map_rollup", indicator=indicator, period=period, era=era, level=level,
                  province_key=province_key)
    return {r["unit_key"]: r for r in rows.iter_rows(named=True)}


def test_three_communes_of_todays_ca_mau_make_a_partial_province_sum(con):
    communes = children(con, "new:96")
    assert len(communes) > 3
    upload(con, f"{communes[0]},DOITHOAI,2026,4,,\n{communes[1]},DOITHOAI,2026,5,,\n{communes[2]},DOITHOAI,2026,6,,\n")
    row = rollup(con, "DOITHOAI", "2026", "new", "province")["new:96"]
    assert (row["value"], row["qualifier"], row["partial"], row["derived"]) == (15, "=", True, True)
    assert (row["how"], row["rolled_from"], row["n_reported"], row["n_expected"]) == ("sum", "commune", 3,
                                                                                    len(communes))


def test_a_provinces_own_figure_wins_over_its_communes(con):
    communes = children(con, "new:96")
    upload(con, f"96,DOITHOAI,2026,100,,\n{communes[0]},DOITHOAI,2026,4,,\n")
    assert "new:96" not in rollup(con, "DOITHOAI", "2026", "new", "province")


def test_every_commune_reporting_is_complete(con):
    communes = children(con, "new:96")
    upload(con, "".join(f"{c},DOITHOAI,2026,1,,\n" for c in communes))
    row = rollup(con, "DOITHOAI", "2026", "new", "province")["new:96"]
    assert (row["value"], row["partial"]) == (len(communes), False)


def test_a_lower_bound_stays_a_lower_bound(con):
    communes = children(con, "new:96")
    upload(con, f"{communes[0]},DOITHOAI,2026,trên 5,,\n{communes[1]},DOITHOAI,2026,10,,\n")
    row = rollup(con, "DOITHOAI", "2026", "new", "province")["new:96"]
    assert (row["value"], row["qualifier"]) == (15, ">")  # "trên 15": more than 5 plus exactly 10


def test_a_ratio_is_recomputed_from_its_parts(con):
    communes = children(con, "new:96")
    upload(con, f"{communes[0]},MC_CQCM,2026,,13,17\n{communes[1]},MC_CQCM,2026,,3,3\n")
    row = rollup(con, "MC_CQCM", "2026", "new", "province")["new:96"]
    assert (row["numerator"], row["denominator"], row["how"]) == (16, 20, "ratio")
    assert row["value"] == pytest.approx(80.0)  # 16/20, not the mean of 76,47% and 100%


def test_a_bare_percent_is_never_rolled_up(con):
    communes = children(con, "new:96")
    upload(con, f"{communes[0]},KNTC_TYLE,2026,90%,,\n{communes[1]},KNTC_TYLE,2026,80%,,\n")
    assert rollup(con, "KNTC_TYLE", "2026", "new", "province") == {}


def test_old_map_districts_from_communes_and_the_province_from_districts_without_double_counting(con):
    districts = children(con, "old:17")
    first, second = children(con, f"old:{districts[0]}"), children(con, f"old:{districts[1]}")
    # District 1: its own 10 and one commune's 3 (its own figure wins: 10). District 2: every commune, 2 each.
    rows = f"{districts[0]},TCD_CUOC,2023,10,,\n{first[0]},TCD_CUOC,2023,3,,\n"
    rows += "".join(f"{c},TCD_CUOC,2023,2,,\n" for c in second)
    upload(con, rows)
    by_district = rollup(con, "TCD_CUOC", "2023", "old", "district", "old:17")
    assert f"old:{districts[0]}" not in by_district  # it reported itself
    whole = by_district[f"old:{districts[1]}"]
    assert (whole["value"], whole["partial"], whole["n_reported"]) == (2 * len(second), False, len(second))
    province = rollup(con, "TCD_CUOC", "2023", "old", "province")["old:17"]
    assert province["value"] == 10 + 2 * len(second)
    assert (province["rolled_from"], province["n_reported"], province["n_expected"]) == ("district", 2,
                                                                                      len(districts))
    assert province["partial"] is True
