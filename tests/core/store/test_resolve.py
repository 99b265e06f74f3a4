"""Every figure lands on the right unit, or is refused with the candidates (issue 9).

Lists are built here from second sources: the `vietnamadminunits` SQLite tables read directly (codes and names
of every unit) and the PAPI workbook's province names (tests/fixtures/papi_provinces.csv). The expected unit of
each row is the code the list gives, never something the resolver computed.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from datetime import date
from importlib.resources import files

import duckdb
import pytest

from danvan.store.registry import index_for
from danvan.store.resolve import Resolver
from tests.conftest import ROOT

Y2020 = (date(2020, 1, 1), date(2020, 12, 31))
Y2023 = (date(2023, 1, 1), date(2023, 12, 31))
Q4_2025 = (date(2025, 10, 1), date(2025, 12, 31))
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def resolver(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        return Resolver(index_for(con))


def package_rows(sql: str) -> list[tuple]:
    with sqlite3.connect(str(files("vietnamadminunits") / "data" / "dataset.db")) as src:
        return src.execute(sql).fetchall()


def key_of(resolver, text, period=Y2023, level=None, within=()):
    m = resolver.resolve(text, *period, level, within)
    return m.unit.unit_key if m.unit else None


# ------------------------------------------------------------------------------------------- rules by example

@pytest.mark.parametrize(("text", "period", "level", "expected"), [
    ("96", (date(2018, 1, 1), date(2018, 12, 31)), None, "old:96"),  # Cà Mau: same code in both eras
    ("96", Q4_2025, None, "new:96"),
    ("96", Y2025, None, "new:96"),  # a period straddling 1/7/2025: the era in force at its end
    ("01", Y2023, "province", "old:01"),
    ("1", Y2023, "province", "old:01"),  # Excel stored 01 as 1: read at the width "Mã tỉnh" implies
    ("１７", Y2023, "province", "old:17"),  # full-width digits
    ("157", Y2023, None, "old:157"),
    ("00070", (date(2019, 1, 1), date(2019, 12, 31)), None, "old:00070"),
    ("Huyện Lạc Sơn", Y2023, None, "old:157"),
    ("Phường Bạc Liêu", (date(2026, 1, 1), date(2026, 12, 31)), None, "new:31825"),
    ("Thừa Thiên Huế", Y2020, None, "old:46"),
    ("Tỉnh Thừa Thiên Huế", Y2020, None, "old:46"),
    ("TT-Huế", Y2020, None, "old:46"),
    ("TP.HCM", Y2020, None, "old:79"),
    ("TP HCM", Q4_2025, None, "new:79"),
    ("HCMC", Y2020, None, "old:79"),
    ("Ho Chi Minh City", Y2020, None, "old:79"),
    ("BRVT", Y2020, None, "old:77"),
    ("Bắc Cạn", Y2020, None, "old:06"),
    ("Đắc Lắc", Y2020, None, "old:66"),
    ("Dak Lak", Y2020, None, "old:66"),
    ("Đắc Nông", Y2020, None, "old:67"),
    ("Bà Rịa - Vũng Tàu", Y2020, None, "old:77"),
    ("Bà Rịa–Vũng Tàu", Y2020, None, "old:77"),  # an en dash
    ("Tp. Hồ Chí Minh", Y2020, None, "old:79"),
    # First syllables that fold like a prefix are names, not "Quận", "Tỉnh", "Phường" (found by bench/resolve_names)
    ("Quản Bạ", Y2020, "district", "old:029"),
    ("Tịnh Biên", Y2020, "district", "old:890"),
    ("Quan Hóa", Y2020, "district", "old:385"),
])
def test_resolves_as_written(resolver, text, period, level, expected):
    assert key_of(resolver, text, period, level) == expected


@pytest.mark.parametrize(("text", "period", "level", "words"), [
    ("Hà Tây", Y2020, None, ["Hà Tây", "Thành phố Hà Nội"]),  # a province until 2008, never Xã Hà Tây
    ("97", Y2020, "province", ['Không có tỉnh nào mã "97"']),  # never Huyện Mường Chà (097)
    ("00010", Y2020, None, ['Không có xã nào mã "00010"']),  # never Tỉnh Lào Cai (10) at another width
    ("123456", Y2020, None, ["6 chữ số"]),
    ("4567", Y2020, None, ["4 chữ số"]),
    ("010", Y2020, "province", ["3 chữ số", "mã tỉnh"]),
    ("Huyện Mường Laу", Y2020, None, ["U+0443", "CYRILLIC"]),  # Cyrillic у
    ("Huyện Phúс Thọ", Y2020, None, ["U+0441"]),  # Cyrillic с: never Tỉnh Phú Thọ
    ("Tỉnh Thanh Hоá", Y2020, None, ["U+043E"]),  # Cyrillic о: never Huyện Thanh Hà
    ("Xã Ea\u200bTrol", Y2020, None, ["U+200B"]),  # a zero-width space
    ("Huyện Châu Thành", Y2020, None, ["10 đơn vị trùng tên", "Tỉnh Tây Ninh", "Tỉnh Tiền Giang"]),
    ("Bạc Liêu", Y2020, None, ["2 đơn vị trùng tên", "Tỉnh Bạc Liêu", "Thành phố Bạc Liêu"]),
    ("Bạc Liêu", Q4_2025, None, ["Tỉnh Bạc Liêu", "Từ 1/7/2025 thuộc Tỉnh Cà Mau", "Phường Bạc Liêu"]),
    ("Huyện Lạc Sơn", Q4_2025, None, ["Cấp huyện đã bỏ từ 1/7/2025", "Tỉnh Phú Thọ"]),
    ("Lạc Sơn", Q4_2025, None, ["Huyện Lạc Sơn", "Xã Lạc Sơn"]),  # not silently the 2025 commune
    ("Thừa Thiên Huế", (date(2025, 1, 1), date(2025, 6, 30)), None, ["đến 31/12/2024", "Thành phố Huế"]),
    ("Huyện Bạc Liêu", Y2020, None, ['Không có huyện nào tên "Huyện Bạc Liêu"']),  # the prefix restricts
    ("Vũng Tàu", Y2020, None, ["trùng tên", "Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Vũng Tàu"]),
])
def test_refused_with_the_reason(resolver, text, period, level, words):
    m = resolver.resolve(text, *period, level)
    assert m.unit is None
    for word in words:
        assert word in m.problem, (word, m.problem)


def test_a_province_suggestion_is_a_province(resolver):
    """'Thuận Thiên' written for a province is not offered a commune ('Có phải Xã Thuận Thiên?')."""
    m = resolver.resolve("Thua Thien Huee", *Y2020, "province")
    assert m.unit is None and 'Có phải "Thành phố Huế"' in m.problem
    m = resolver.resolve("Bac Lieeu", *Y2020, "province")
    assert 'Có phải "Tỉnh Bạc Liêu"?' in m.problem


def test_context_picks_the_namesake_and_refuses_outside_it(resolver):
    tay_ninh = resolver.resolve("Tây Ninh", *Y2020, "province").unit
    assert tay_ninh == resolver.resolve("72", *Y2020, "province").unit  # GSO: Tây Ninh is 72
    district = resolver.resolve("Châu Thành", *Y2020, "district", (tay_ninh,))
    assert (district.unit.name, district.unit.parent_key) == ("Huyện Châu Thành", "old:72")
    outside = resolver.resolve("Hảo Đước", *Y2020, "commune", (resolver.resolve("Long An", *Y2020, "province").unit,))
    assert outside.unit is None and "không thuộc Tỉnh Long An" in outside.problem


# ------------------------------------------------------------------------------------------- real lists

def test_every_legacy_commune_resolves_with_its_province_and_district_columns(resolver):
    """The whole pre-2025 list by name, with context columns: every commune on its own code, none elsewhere."""
    rows = package_rows("SELECT province, district, ward, wardCode FROM admin_units_legacy WHERE wardCode <> ''")
    wrong, refused = [], []
    for province, district, ward, code in rows:
        p = resolver.resolve(province, *Y2023, "province")
        d = resolver.resolve(district, *Y2023, "district", (p.unit,))
        m = resolver.resolve(ward, *Y2023, "commune", (p.unit, d.unit))
        if m.unit is None:
            refused.append((province, district, ward, m.problem))
        elif m.unit.code != code:
            wrong.append((ward, code, m.unit.code))
    assert wrong == []
    assert refused == []  # with both context columns every commune valid in the period is found
    assert len(rows) == 10_035


def test_legacy_commune_names_alone_are_never_misplaced(resolver):
    """Without context, a commune name either lands on its own unit (when unique) or is refused with candidates."""
    rows = package_rows("SELECT ward, wardCode FROM admin_units_legacy WHERE wardCode <> ''")
    namesakes = Counter(w for w, _ in rows)
    wrong, unique_refused = [], []
    for ward, code in rows:
        m = resolver.resolve(ward, *Y2023, "commune")
        if m.unit is not None and m.unit.code != code:
            wrong.append((ward, code, m.unit.code))
        if m.unit is None and namesakes[ward] == 1:
            unique_refused.append((ward, m.problem))
        if m.unit is None and namesakes[ward] > 1:
            assert f"{namesakes[ward]} đơn vị trùng tên" in m.problem or "trùng tên" in m.problem
    assert wrong == []
    assert len(unique_refused) < 0.01 * len(rows), unique_refused[:5]


def test_every_2025_commune_resolves_within_its_province(resolver):
    rows = package_rows("SELECT province, ward, wardCode FROM admin_units")
    wrong = []
    for province, ward, code in rows:
        p = resolver.resolve(province, *Q4_2025, "province")
        m = resolver.resolve(ward, *Q4_2025, "commune", (p.unit,))
        if m.unit is None or m.unit.code != code:
            wrong.append((province, ward, code, m.problem))
    assert wrong == []
    assert len(rows) == 3321


def test_tay_ninh_communes_by_name_go_nowhere_else(resolver):
    """The issue's case: Tây Ninh's 2025 communes by name alone — none lands in another province."""
    rows = package_rows("SELECT ward, wardCode FROM admin_units WHERE provinceCode = '80'")
    assert len(rows) == 96
    for ward, code in rows:
        m = resolver.resolve(ward, *Q4_2025, "commune")
        assert m.unit is None or m.unit.code == code, (ward, m.unit)


def test_papi_province_names_resolve_to_their_codes(resolver):
    """PAPI writes 'Thừa Thiên-Huế', 'Ha Noi', 'Ba Ria-Vung Tau': each goes to the code tinhid gives."""
    with (ROOT / "tests/fixtures/papi_provinces.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 63
    for row in rows:
        expected = "old:" + row["tinhid"].zfill(2)
        for name in (row["tentinh_vie"], row["tentinh_eng"]):
            assert key_of(resolver, name, (date(2016, 1, 1), date(2016, 12, 31)), "province") == expected, name


def test_the_committed_alias_table_passes_its_self_checks(tmp_path):
    """Every alias names a registry unit of its level, dates parse, no alias means two units at once."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "scripts.build_aliases", "--check-only"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    broken = tmp_path / "aliases.csv"
    broken.write_text((ROOT / "data/registry/aliases.csv").read_text(encoding="utf-8")
                      + "Tỉnh Không Có,old:99,province,,2025-06-30,short,manual\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "scripts.build_aliases", "--check-only", "--out", str(broken)],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "old:99" in bad.stderr
