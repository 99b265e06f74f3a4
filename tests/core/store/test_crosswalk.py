"""2025 crosswalk: every legacy unit reaches the new map, shares add up, official corrections are all or nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from danvan.store import db
from danvan.store.crosswalk import build_crosswalk, build_from_store, ensure_crosswalk, load_crosswalk_csv
from tests.actors import ADMIN


@pytest.fixture(scope="module")
def built(seeded_db: Path) -> tuple[pl.DataFrame, list[str], pl.DataFrame]:
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows, notes = build_from_store(con)
        units = db.run(con, "crosswalk_units")
    return rows, notes, units


def successors(rows: pl.DataFrame, old_key: str) -> list[str]:
    return rows.filter(pl.col("old_key") == old_key)["new_key"].sort().to_list()


@pytest.mark.parametrize(("old", "new"), [("old:95", "new:96"), ("old:96", "new:96"), ("old:17", "new:25"),
                                          ("old:70", "new:75")])
def test_known_province_mergers(built, old, new):
    rows, _, _ = built
    assert successors(rows.filter(pl.col("level") == "province"), old) == [new]


def test_every_old_province_has_one_new_and_every_new_one_a_predecessor(built):
    rows, _, units = built
    provinces = rows.filter(pl.col("level") == "province")
    old = units.filter((pl.col("era") == "old") & (pl.col("level") == "province"))["unit_key"]
    new = units.filter((pl.col("era") == "new") & (pl.col("level") == "province"))["unit_key"]
    assert (len(old), len(new)) == (63, 34)
    assert provinces["old_key"].is_unique().all()
    assert sorted(provinces["old_key"]) == sorted(old)
    assert sorted(set(provinces["new_key"])) == sorted(new)
    assert (provinces["share"] == 1.0).all() and (provinces["method"] == "whole").all()


def test_commune_shares_sum_to_one_with_one_default(built):
    rows, _, _ = built
    communes = rows.filter(pl.col("level") == "commune")
    per_old = communes.group_by("old_key").agg(pl.col("share").sum(), pl.col("is_default").sum())
    assert per_old.height > 10_000
    assert (per_old["share"] - 1).abs().max() < 1e-9
    assert (per_old["is_default"] == 1).all()


def test_split_communes_are_estimated_with_several_successors(built):
    rows, _, _ = built
    communes = rows.filter(pl.col("level") == "commune")
    split = communes.filter(pl.col("method") == "area_estimate")
    per_old = split.group_by("old_key").len()
    assert per_old.height == 471  # the package's divided legacy wards
    assert (per_old["len"] >= 2).all()
    assert ((split["share"] > 0) & (split["share"] < 1)).all()
    whole = communes.filter(pl.col("method") == "whole")
    assert whole["old_key"].is_unique().all() and (whole["share"] == 1.0).all()


def test_few_keys_do_not_join(built):
    rows, notes, units = built
    old_communes = units.filter((pl.col("era") == "old") & (pl.col("level") == "commune")).height
    assert len(notes) < 0.01 * old_communes
    assert all(isinstance(n, str) and n for n in notes)


def test_without_geometry_split_shares_are_equal(built):
    _, _, units = built
    rows, _ = build_crosswalk(units, None, None)
    split = rows.filter(pl.col("method") == "area_estimate")
    sizes = split.group_by("old_key").agg(pl.len(), low=pl.col("share").min(), high=pl.col("share").max())
    assert ((sizes["low"] - 1 / sizes["len"]).abs() < 1e-12).all()
    assert ((sizes["high"] - 1 / sizes["len"]).abs() < 1e-12).all()


def table_size(con: duckdb.DuckDBPyConnection) -> int:
    return int(db.run(con, "crosswalk_counts")["rows"].sum())


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_ensure_and_official_corrections(writable_db: Path, tmp_path: Path):
    with db.connect(writable_db) as con:
        ensure_crosswalk(con)
        stored = db.run(con, "crosswalk_counts")
        assert dict(zip(stored["level"], stored["old_units"], strict=True)) == {"province": 63, "commune": 10035}
        assert ensure_crosswalk(con) == {"province": 0, "commune": 0}  # built once
        size = table_size(con)
        page = db.run(con, "crosswalk_table", level="province", new_key="new:96")
        assert sorted(page["old_code"]) == ["95", "96"]

        # Hòa Bình goes to Phú Thọ whole; an official file splits it (codes without leading zeros work).
        fixed = load_crosswalk_csv(con, write_csv(tmp_path / "ok.csv", (
            "level,old_code,new_code,share\nprovince,17,25,0.75\nprovince,17,1,0.25\n")), "Chính thức: ok.csv",
            user=ADMIN)
        assert fixed == {"province": 2, "commune": 0}
        rows = db.run(con, "crosswalk_table", level="province", new_key=None).filter(pl.col("old_key") == "old:17")
        assert dict(zip(rows["new_key"], rows["share"], strict=True)) == {"new:25": 0.75, "new:01": 0.25}
        assert rows.filter(pl.col("is_default"))["new_key"].to_list() == ["new:25"]
        assert set(rows["source"]) == {"Chính thức: ok.csv"}
        assert table_size(con) == size + 1

        bad_code = write_csv(tmp_path / "code.csv", "level,old_code,new_code\nprovince,95,96\ncommune,99999,00004\n")
        with pytest.raises(ValueError, match="Dòng 3"):
            load_crosswalk_csv(con, bad_code, "x", user=ADMIN)
        bad_sum = write_csv(tmp_path / "sum.csv", "level,old_code,new_code,share\nprovince,95,96,0.5\n")
        with pytest.raises(ValueError, match="old:95"):
            load_crosswalk_csv(con, bad_sum, "x", user=ADMIN)
        assert table_size(con) == size + 1
        assert successors(db.run(con, "crosswalk_table", level="province", new_key=None), "old:95") == ["new:96"]
