"""The unit registry: both eras complete, codes unique, parents exist, names found however written."""

import unicodedata

import duckdb
import pytest

from danvan.store.registry import index_for


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


@pytest.mark.parametrize("text", ["Bac Lieu", "bạc liêu", "Tỉnh Bạc Liêu", "TỈNH BẠC LIÊU", "95",
                                  unicodedata.normalize("NFD", "Tỉnh Bạc Liêu")])
def test_bac_lieu_found_by_any_spelling(index, text):
    found = index.find(text)
    assert found[0].code == "95"
    assert found[0].level == "province" and found[0].era == "old"


@pytest.mark.parametrize(("text", "code", "level"), [
    ("Huyện Lạc Sơn", "157", "district"), ("lac son", "157", "district"), ("TP. Hồ Chí Minh", "79", "province"),
    ("Thành phố Hà Nội", "01", "province"), ("Binh Phuoc", "70", "province"), ("Hoà Bình", "17", "province"),
])
def test_lookup_other_units(index, text, code, level):
    assert (index.find(text)[0].code, index.find(text)[0].level) == (code, level)


def test_a_full_width_code_means_that_unit_not_a_shorter_one(index):
    """"00070" is the commune Hàng Trống, not province 70; a bare "4" may still be commune 00004."""
    assert {u.name for u in index.find("00070")} == {"Phường Hàng Trống", "Phường Hoàn Kiếm"}  # old and new era
    assert index.find("70")[0].name == "Tỉnh Bình Phước"
    assert any(u.code == "00004" for u in index.find("4"))
