"""The unit registry: both eras complete, codes unique, parents exist, names found however written."""

import unicodedata
from datetime import date

import duckdb
import pytest

from danvan.store.registry import index_for
from danvan.store.resolve import Resolver


@pytest.fixture(scope="module")
def index(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        return index_for(con)


def test_counts_per_era_and_level(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        counts = dict(((era, level), n) for era, level, n in con.execute(
            "SELECT era, level, count(*) FROM units GROUP BY ALL").fetchall())
    assert counts[("old", "province")] == 63
    assert counts[("new", "province")] == 34
    assert counts[("new", "commune")] == 3321
    assert 690 <= counts[("old", "district")] <= 710
    assert 10000 <= counts[("old", "commune")] <= 10100
    assert ("new", "district") not in counts


def test_keys_unique_and_parents_exist(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        dupes = con.execute("SELECT count(*) - count(DISTINCT unit_key) FROM units").fetchall()[0][0]
        orphans = con.execute(
            "SELECT count(*) FROM units c LEFT JOIN units p ON p.unit_key = c.parent_key "
            "WHERE c.parent_key IS NOT NULL AND p.unit_key IS NULL").fetchall()[0][0]
        wrong_era = con.execute(
            "SELECT count(*) FROM units c JOIN units p ON p.unit_key = c.parent_key WHERE p.era <> c.era"
        ).fetchall()[0][0]
        not_nfc = [n for (n,) in con.execute("SELECT name FROM units").fetchall()
                   if unicodedata.normalize("NFC", n) != n]
    assert (dupes, orphans, wrong_era, not_nfc) == (0, 0, 0, [])


Y2020 = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.mark.parametrize("text", ["Bac Lieu", "bạc liêu", "Tỉnh Bạc Liêu", "TỈNH BẠC LIÊU", "95",
                                  unicodedata.normalize("NFD", "Tỉnh Bạc Liêu")])
def test_bac_lieu_found_by_any_spelling(index, text):
    unit = Resolver(index).resolve(text, *Y2020, "province").unit
    assert (unit.code, unit.level, unit.era) == ("95", "province", "old")


@pytest.mark.parametrize(("text", "code", "level"), [
    ("Huyện Lạc Sơn", "157", "district"), ("lac son", "157", "district"), ("TP. Hồ Chí Minh", "79", "province"),
    ("Thành phố Hà Nội", "01", "province"), ("Binh Phuoc", "70", "province"), ("Hoà Bình", "17", "province"),
])
def test_lookup_other_units(index, text, code, level):
    unit = Resolver(index).resolve(text, *Y2020, level).unit
    assert (unit.code, unit.level) == (code, level)


def test_a_full_width_code_means_that_unit_not_a_shorter_one(index):
    """"00070" is the commune Hàng Trống, not province 70; a bare "4" is no code of any width."""
    resolver = Resolver(index)
    assert resolver.resolve("00070", *Y2020).unit.name == "Phường Hàng Trống"
    assert resolver.resolve("00070", date(2026, 1, 1), date(2026, 12, 31)).unit.name == "Phường Hoàn Kiếm"
    assert resolver.resolve("70", *Y2020).unit.name == "Tỉnh Bình Phước"
    assert "1 chữ số" in resolver.resolve("4", *Y2020).problem
