"""Official boundary files replace the approximate shapes of the units they cover, and only those."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import geopandas as gpd
import pytest
import shapely

from danvan.cli import main as cli_main
from danvan.geo.boundaries import counts, geojson_layer
from danvan.geo.default_map import SOURCE_2025, ensure_default
from danvan.geo.official import BoundaryError, load_official, normalise_code, read_boundary_file
from danvan.store import db
from tests.actors import ADMIN, as_admin, signed_in_admin
from tests.conftest import ROOT
from ui.auth import TOKEN

# Two real 2025 provinces (codes written as integers, as spreadsheets export them) and one unknown code.
BOXES = {96: (104.8, 8.6, 105.4, 9.6), 1: (105.3, 20.6, 106.0, 21.4), 99: (106.0, 11.0, 106.1, 11.1)}


@pytest.fixture(scope="module")
def default_store(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded store with its default map (the shipped 2025 shapes: approximate = false, source SOURCE_2025)."""
    path = tmp_path_factory.mktemp("boundaries") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as con:
        ensure_default(con)
    return path


@pytest.fixture
def store(default_store: Path, tmp_path: Path):
    path = tmp_path / "danvan.duckdb"
    shutil.copy(default_store, path)
    with db.connect(path) as con:
        yield con


def official_frame(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"ma_tinh": list(BOXES), "ten": ["Cà Mau", "Hà Nội", "Không rõ"]},
                             geometry=[shapely.box(*b) for b in BOXES.values()], crs="EPSG:4326")
    return frame.to_crs(crs)


def write_geojson(folder: Path, crs: str = "EPSG:4326") -> Path:
    path = folder / "ranh_gioi_tinh.geojson"
    official_frame(crs).to_file(path, driver="GeoJSON")
    return path


def write_zip(folder: Path) -> Path:
    shp = folder / "shp"
    shp.mkdir()
    official_frame().to_file(shp / "ranh_gioi_tinh.shp")
    path = folder / "ranh_gioi_tinh.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(shp.iterdir()):
            archive.write(part, f"du_lieu/{part.name}")  # in a folder, as zips from offices usually are
    return path


def write_gpkg(folder: Path) -> Path:
    path = folder / "ranh_gioi_tinh.gpkg"
    official_frame().to_file(path, layer="tinh", driver="GPKG")
    return path


def stored(con, unit_key: str) -> tuple[str, bool, str]:
    return con.execute("SELECT geojson, approximate, source FROM boundaries WHERE unit_key = $k",
                       {"k": unit_key}).fetchall()[0]


def bounds(geojson: str) -> tuple[float, ...]:
    return tuple(round(v, 4) for v in shapely.from_geojson(geojson).bounds)


def test_geojson_with_integer_codes_replaces_only_its_units(store, tmp_path):
    before_other = stored(store, "new:79")
    report = load_official(store, write_geojson(tmp_path), "new", "province", user=ADMIN)
    assert report.code_field == "ma_tinh" and not report.by_name
    assert report.matched == ["01", "96"]
    assert report.unmatched_in_file == ["99"]
    assert len(report.units_without_shape) == 32
    assert "01" not in report.units_without_shape and "79" in report.units_without_shape
    for key, code in (("new:96", 96), ("new:01", 1)):
        geojson, approximate, source = stored(store, key)
        assert approximate is False
        assert source == "Chính thức: ranh_gioi_tinh.geojson"
        assert bounds(geojson) == BOXES[code]
    assert stored(store, "new:79") == before_other
    assert stored(store, "new:79")[1:] == (False, SOURCE_2025)
    assert counts(store)["new/province"] == {"units": 34, "shapes": 34, "official": 34, "from_file": 2,
                                              "legacy": 0}
    lines = report.lines()
    assert lines[0].startswith('Tệp ranh giới "ranh_gioi_tinh.geojson": cấp tỉnh, từ 1/7/2025')
    assert "Khớp 2 đơn vị: 01, 96." in lines
    assert "1 vùng trong tệp không có trong danh mục: 99." in lines
    assert lines[-1] == "Đã ghi 2 ranh giới chính thức."


def test_zipped_shapefile_and_geopackage_load_identically(default_store, tmp_path):
    results = {}
    for name, writer in (("geojson", write_geojson), ("zip", write_zip), ("gpkg", write_gpkg)):
        folder = tmp_path / name
        folder.mkdir()
        path = folder / "danvan.duckdb"
        shutil.copy(default_store, path)
        with db.connect(path) as con:
            report = load_official(con, writer(folder), "new", "province", user=ADMIN)
            results[name] = (report.matched, report.unmatched_in_file, report.units_without_shape,
                             stored(con, "new:96")[:2], stored(con, "new:01")[:2])
    assert results["zip"] == results["geojson"]
    assert results["gpkg"] == results["geojson"]


def test_projected_file_is_reprojected(store, tmp_path):
    report = load_official(store, write_geojson(tmp_path, crs="EPSG:32648"), "new", "province", user=ADMIN)
    assert report.matched == ["01", "96"]
    got = bounds(stored(store, "new:96")[0])
    assert all(abs(a - b) < 0.01 for a, b in zip(got, BOXES[96], strict=True))


def test_dry_run_writes_nothing(store, tmp_path):
    before = stored(store, "new:96")
    report = load_official(store, write_geojson(tmp_path), "new", "province", dry_run=True, user=ADMIN)
    assert report.matched == ["01", "96"] and not report.written
    assert report.lines()[-1] == "Chạy thử: chưa ghi gì vào kho."
    assert stored(store, "new:96") == before


def test_a_load_whose_audit_row_fails_writes_no_shape(store, tmp_path, monkeypatch):
    """The shapes and their audit row are one transaction: a failure writing the audit row leaves the old shapes."""
    from danvan.store import audit

    before = stored(store, "new:96")

    def broken(*args, **kwargs):
        raise RuntimeError("audit write failed")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="audit write failed"):
        load_official(store, write_geojson(tmp_path), "new", "province", user=ADMIN)
    assert stored(store, "new:96") == before


def test_names_are_the_fallback_and_a_field_can_be_named(store, tmp_path):
    path = tmp_path / "ten.geojson"
    official_frame().drop(columns="ma_tinh").to_file(path, driver="GeoJSON")
    report = load_official(store, path, "new", "province", dry_run=True, user=ADMIN)
    assert report.by_name and report.code_field == "ten"
    assert report.matched == ["01", "96"]
    assert report.unmatched_in_file == ["Không rõ"]
    named = load_official(store, write_geojson(tmp_path), "new", "province", code_field="ten", dry_run=True, user=ADMIN)
    assert named.by_name and named.matched == ["01", "96"]
    with pytest.raises(BoundaryError, match='Tệp không có cột "ma_xa"'):
        load_official(store, write_geojson(tmp_path), "new", "province", code_field="ma_xa", user=ADMIN)


def test_commune_codes_are_zero_padded_in_a_column_of_that_width(store, tmp_path):
    path = tmp_path / "xa.geojson"
    # Two Hà Nội wards whose codes lost their zeros in a spreadsheet (00004, 00097) among full 5-digit codes.
    gpd.GeoDataFrame({"MA_XA": [4, 97, 26737, 26740]},
                     geometry=[shapely.box(105.83, 21.03, 105.85, 21.05), shapely.box(105.84, 21.05, 105.86, 21.07),
                               shapely.box(106.68, 10.78, 106.70, 10.80), shapely.box(106.70, 10.77, 106.72, 10.79)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    report = load_official(store, path, "new", "commune", user=ADMIN)
    assert report.code_field == "MA_XA" and not report.refused
    assert report.matched == ["00004", "00097", "26737", "26740"]
    assert len(report.units_without_shape) == 3321 - 4
    assert stored(store, "new:00004")[1] is False
    assert normalise_code(4.0, 5) == "00004" and normalise_code(" 96 ", 2) == "96" and normalise_code(None, 2) is None


def test_short_codes_alone_are_not_guessed(store, tmp_path):
    """4 and 97 alone could be 04, 004 or 00004: no value of the column has the commune width, so none is padded."""
    path = tmp_path / "xa_ngan.geojson"
    gpd.GeoDataFrame({"MA_XA": [4, 97]}, geometry=[shapely.box(105.83, 21.03, 105.85, 21.05),
                                                   shapely.box(105.84, 21.05, 105.86, 21.07)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryError) as caught:
        load_official(store, path, "new", "commune", user=ADMIN)
    assert ('Cột "MA_XA": mã "4" ngắn hơn 5 chữ số của mã cấp xã ở cột "MA_XA" và chỉ 0/2 giá trị số của cột đủ '
            "5 chữ số: không thêm số 0 để đoán (vùng số 1–2).") in str(caught.value).splitlines()
    assert counts(store)["new/commune"]["from_file"] == 0


def test_default_build_keeps_official_rows_unless_forced(store, tmp_path):
    load_official(store, write_geojson(tmp_path), "new", "province", user=ADMIN)
    assert ensure_default(store) == dict.fromkeys(
        ["new/province", "new/commune", "old/province", "old/district", "old/commune"], 0)
    assert stored(store, "new:96")[1] is False
    written = ensure_default(store, force=True)
    assert written["new/province"] == 34 and written["old/commune"] == 10035
    assert stored(store, "new:96")[1:] == (False, SOURCE_2025)


def test_map_layer_mixes_official_and_approximate(store, tmp_path):
    load_official(store, write_geojson(tmp_path), "new", "province", user=ADMIN)
    layer = geojson_layer(store, "new", "province")
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) == 34
    by_key = {f["id"]: f for f in layer["features"]}
    assert by_key["new:96"]["properties"] == {"unit_key": "new:96", "code": "96", "name": "Tỉnh Cà Mau",
                                              "approximate": False}
    assert by_key["new:79"]["properties"]["approximate"] is False  # the shipped official shape
    assert "ranh_gioi_tinh.geojson" in layer["attribution"] and SOURCE_2025 in layer["attribution"]
    assert by_key["new:96"]["geometry"]["type"] == "Polygon"
    communes = geojson_layer(store, "new", "commune", "new:96")
    n = store.execute("SELECT count(*) FROM units WHERE era = 'new' AND level = 'commune' "
                      "AND province_key = 'new:96'").fetchall()[0][0]
    assert len(communes["features"]) == n > 50
    json.dumps(communes)  # plain JSON for Plotly


@pytest.mark.parametrize(("name", "content", "message"), [
    ("rac.geojson", b"day khong phai GeoJSON", 'Không đọc được tệp ranh giới "rac.geojson"'),
    ("rac.zip", b"PK khong phai zip", 'Tệp "rac.zip" không phải tệp nén .zip hợp lệ.'),
    ("rac.gpkg", b"SQLite format 3\x00 hong", 'Không đọc được GeoPackage "rac.gpkg"'),
    ("ranh_gioi.txt", b"x", 'Tệp "ranh_gioi.txt" không được hỗ trợ'),
])
def test_unreadable_files_give_a_vietnamese_error(store, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BoundaryError) as caught:
        load_official(store, path, "new", "province", user=ADMIN)
    assert str(caught.value).startswith(message)
    assert counts(store)["new/province"]["from_file"] == 0


def test_file_without_polygons_or_outside_vietnam(tmp_path):
    points = tmp_path / "diem.geojson"
    gpd.GeoDataFrame({"ma": [1]}, geometry=[shapely.Point(105, 21)], crs="EPSG:4326").to_file(points)
    with pytest.raises(BoundaryError, match="không có vùng"):
        read_boundary_file(points)
    wrong = tmp_path / "sai_crs.geojson"
    gpd.GeoDataFrame({"ma": [1]}, geometry=[shapely.box(10, 50, 11, 51)], crs="EPSG:4326").to_file(wrong)
    with pytest.raises(BoundaryError, match="không nằm ở Việt Nam"):
        read_boundary_file(wrong)
    empty_zip = tmp_path / "rong.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("ghi_chu.txt", "không có bản đồ")
    with pytest.raises(BoundaryError, match="không chứa Shapefile"):
        read_boundary_file(empty_zip)


def run_cli(*argv: str) -> int:
    """`python -m danvan boundaries ...` in-process."""
    return cli_main([*argv, *as_admin(argv[argv.index("--db") + 1])])


def test_cli_load_reports_and_exits(default_store, tmp_path, capsys):
    path = tmp_path / "danvan.duckdb"
    shutil.copy(default_store, path)
    assert run_cli("boundaries", "load", str(write_geojson(tmp_path)), "--era", "new", "--level", "province",
                   "--dry-run", "--db", str(path)) == 0
    out = capsys.readouterr().out
    assert "Khớp 2 đơn vị: 01, 96." in out and "Chạy thử" in out
    garbage = tmp_path / "rac.geojson"
    garbage.write_text("{không phải json", encoding="utf-8")
    assert run_cli("boundaries", "load", str(garbage), "--era", "new", "--level", "province", "--db", str(path)) == 2
    assert capsys.readouterr().err.startswith("LỖI: Không đọc được tệp ranh giới")
    assert run_cli("boundaries", "build", "--db", str(path)) == 0
    assert "không tạo lại" in capsys.readouterr().out
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM boundaries WHERE starts_with(source, 'Chính thức: ')"
                           ).fetchall() == [(0,)]


def test_cli_boundaries_load_reports_and_exits(store, tmp_path):
    """`python -m danvan boundaries load` is wired into the main CLI."""
    import subprocess
    import sys

    con = store
    db_file = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                          ).fetchall()[0][0]
    con.close()
    root = ROOT
    path = write_geojson(tmp_path)
    ok = subprocess.run([sys.executable, "-m", "danvan", "boundaries", "load", str(path), "--era", "new",
                         "--level", "province", "--db", db_file, "--dry-run", *as_admin(db_file)], cwd=root,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Khớp 2 đơn vị" in ok.stdout
    bad = tmp_path / "hong.geojson"
    bad.write_text("không phải json", encoding="utf-8")
    fail = subprocess.run([sys.executable, "-m", "danvan", "boundaries", "load", str(bad), "--era", "new",
                           "--level", "province", "--db", db_file, *as_admin(db_file)], cwd=root, capture_output=True,
                          text=True)
    assert fail.returncode == 2 and "hong.geojson" in fail.stderr


def test_admin_page_checks_then_loads_an_official_file(default_store, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    db_file = tmp_path / "admin.duckdb"
    shutil.copy(default_store, db_file)
    monkeypatch.setenv("DANVAN_DB", str(db_file))
    at = AppTest.from_file(str(ROOT / "pages/6_quan_tri_ban_do.py"), default_timeout=90)
    at.session_state[TOKEN] = signed_in_admin(db_file)
    at.run()
    assert not at.exception
    counts = at.dataframe[0].value
    province_row = counts["Lớp bản đồ"] == "cấp tỉnh, từ 1/7/2025"
    assert int(counts[province_row]["Nạp từ tệp"].iloc[0]) == 0
    assert at.checkbox(key="b_confirm_era").value is False
    at.selectbox(key="b_layer").set_value(("new", "province")).run()
    at.file_uploader(key="b_file").upload("tinh.geojson", write_geojson(tmp_path).read_bytes(),
                                          "application/geo+json")
    at.run()
    at.button(key="b_check").click().run()
    assert "Khớp 2 đơn vị" in at.info[0].value
    at.button(key="b_load").click().run()
    assert not at.exception and "Khớp 2 đơn vị" in at.success[0].value
    at.run()
    counts = at.dataframe[0].value
    assert int(counts[counts["Lớp bản đồ"] == "cấp tỉnh, từ 1/7/2025"]["Nạp từ tệp"].iloc[0]) == 2


# ---------------------------------------------------------------- refusals (issue: real files were misread)


def boundary_rows(con) -> tuple[int, int]:
    return con.execute("SELECT count(*), count(*) FILTER (WHERE starts_with(source, 'Chính thức: ')) "
                       "FROM boundaries").fetchall()[0]


def registry_point(con, unit_key: str) -> tuple[float, float]:
    """(lon, lat) of a unit as the units table holds it."""
    lat, lon = con.execute("SELECT lat, lon FROM units WHERE unit_key = $k", {"k": unit_key}).fetchall()[0]
    return lon, lat


def square(point: tuple[float, float], half: float = 0.02) -> shapely.Polygon:
    return shapely.box(point[0] - half, point[1] - half, point[0] + half, point[1] + half)


def test_declared_crs_that_is_wrong_is_refused_and_nothing_written(store, tmp_path):
    """Longitudes and latitudes declared as UTM 48N metres land a few metres from (105°E − 500 km, 0°)."""
    path = tmp_path / "highcharts.geojson"
    official_frame().set_crs("EPSG:32648", allow_override=True).to_file(path, driver="GeoJSON")
    before = boundary_rows(store)
    with pytest.raises(BoundaryError) as caught:
        load_official(store, path, "new", "province", user=ADMIN)
    message = str(caught.value)
    assert message.startswith('Tọa độ trong tệp "highcharts.geojson" không nằm ở Việt Nam: 3/3 vùng nằm ngoài')
    assert "sau khi chuyển từ hệ tọa độ EPSG:32648" in message
    assert "rơi vào quanh kinh độ 100,5" in message and "vĩ độ 0,00." in message  # 500 km ≈ 4.5° west, 21 m north
    assert "hệ tọa độ khai báo (EPSG:32648) có lẽ sai" in message
    assert "Vùng bị từ chối: số 1–3." in message
    assert boundary_rows(store) == before
    assert before[1] == 0


def test_a_feature_outside_vietnam_is_refused_alone(store, tmp_path):
    path = tmp_path / "mot_vung_sai.geojson"
    frame = official_frame()
    frame.loc[2, "geometry"] = shapely.box(10, 50, 11, 51)  # the unknown code 99, now in Europe
    frame.to_file(path, driver="GeoJSON")
    report = load_official(store, path, "new", "province", user=ADMIN)
    assert report.matched == ["01", "96"] and report.written
    assert report.refused == ['Vùng số 3 ("99"): nằm ngoài Việt Nam (kinh độ 101–118, vĩ độ 6–24): vùng trải từ '
                              "kinh độ 10,00–11,00, vĩ độ 50,00–51,00."]
    assert report.unmatched_in_file == []
    assert "1 vùng bị từ chối, không ghi:" in report.lines()


def test_constant_or_repeated_columns_are_never_the_code_column(store, tmp_path):
    """GADM puts the country's id first (247 in every feature, also Huyện Tam Dương's code)."""
    path = tmp_path / "gadm_huyen.geojson"
    points = [registry_point(store, k) for k in ("old:001", "old:002", "old:003")]
    gpd.GeoDataFrame({"ID_0": [247, 247, 247], "ma_huyen": ["001", "001", "002"], "CC_2": ["001", "002", "003"]},
                     geometry=[square(p, 0.005) for p in points], crs="EPSG:4326").to_file(path, driver="GeoJSON")
    report = load_official(store, path, "old", "district", user=ADMIN)
    assert report.code_field == "CC_2" and not report.by_name
    assert report.matched == ["001", "002", "003"]
    assert stored(store, "old:247")[1] is True
    with pytest.raises(BoundaryError) as caught:
        load_official(store, path, "old", "district", code_field="ID_0", user=ADMIN)
    assert str(caught.value) == ('Không dùng được cột "ID_0": cột "ID_0" có cùng một giá trị "247" ở cả 3 vùng: '
                                 "không phân biệt được đơn vị.")
    with pytest.raises(BoundaryError) as caught:
        load_official(store, path, "old", "district", code_field="ma_huyen", user=ADMIN)
    assert str(caught.value) == ('Không dùng được cột "ma_huyen" làm cột mã: cột "ma_huyen" có mã lặp lại '
                                 '("001" ở 2 vùng): mã phải riêng cho từng vùng (gộp các vùng cùng mã trước khi nạp).')


def test_digit_names_are_codes_not_hanoi_districts(store, tmp_path):
    """Hồ Chí Minh City's districts written "1" … "12" are not Hà Nội's districts 001 … 012."""
    path = tmp_path / "quan_so.geojson"
    gpd.GeoDataFrame({"ten": [str(n) for n in range(1, 13)]},
                     geometry=[shapely.box(106.60 + n * 0.01, 10.70, 106.605 + n * 0.01, 10.705) for n in range(12)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    for field in (None, "ten"):
        with pytest.raises(BoundaryError) as caught:
            load_official(store, path, "old", "district", code_field=field, dry_run=True, user=ADMIN)
        lines = str(caught.value).splitlines()
        assert lines[0].startswith("Không tìm thấy cột mã hay tên đơn vị khớp danh mục (cấp huyện, trước 1/7/2025)")
        assert 'Cột "ten": giá trị chỉ gồm chữ số là mã, không phải tên (vùng số 1–12).' in lines
    assert counts(store)["old/district"]["from_file"] == 0
    # Beside real names, a digit is refused on its own and named in the report.
    mixed = tmp_path / "quan_ten.geojson"
    gpd.GeoDataFrame({"ten": ["Quận 1", "3"]},
                     geometry=[square(registry_point(store, "old:760"), 0.01), square((106.68, 10.78), 0.005)],
                     crs="EPSG:4326").to_file(mixed, driver="GeoJSON")
    report = load_official(store, mixed, "old", "district", dry_run=True, user=ADMIN)
    assert report.by_name and report.matched == ["760"]
    assert report.refused == ['Vùng số 2 ("3"): giá trị "3" chỉ gồm chữ số: là mã, không phải tên, nên không khớp '
                              "theo tên."]


def test_a_name_match_far_from_the_unit_is_refused_with_the_distance(store, tmp_path):
    path = tmp_path / "trung_ten.geojson"
    lon, lat = registry_point(store, "new:96")
    hn_lon, hn_lat = registry_point(store, "new:01")
    gpd.GeoDataFrame({"ten": ["Hà Nội", "Cà Mau"]}, geometry=[
        shapely.box(hn_lon - 0.05, hn_lat + 0.1, hn_lon + 0.05, hn_lat + 0.2),  # 0.1° north of the point: 11.1 km
        shapely.box(lon - 0.05, lat + 0.5, lon + 0.05, lat + 0.6),  # 0.5° north: 0.5 × 6371 km × π/180 = 55.6 km
    ], crs="EPSG:4326").to_file(path, driver="GeoJSON")
    before = stored(store, "new:96")
    report = load_official(store, path, "new", "province", user=ADMIN)
    assert report.by_name and report.matched == ["01"]
    assert report.refused == ['Vùng số 2 ("Cà Mau"): tên khớp Tỉnh Cà Mau (96) nhưng vùng cách điểm đăng ký của '
                              "đơn vị 55,6 km (quá 20 km): có thể là đơn vị trùng tên ở nơi khác."]
    assert stored(store, "new:96") == before
    assert stored(store, "new:01")[1] is False


def test_archipelago_names_are_matched_at_their_islands(store, tmp_path):
    """Huyện Hoàng Sa's registry point is on the mainland; a shape around Phú Lâm island (16.834°N, 112.336°E)
    is still Hoàng Sa, not a far namesake."""
    path = tmp_path / "hoang_sa.geojson"
    gpd.GeoDataFrame({"ten": ["Huyện Hoàng Sa"]}, geometry=[square((112.336, 16.834), 0.05)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    report = load_official(store, path, "old", "district", dry_run=True, user=ADMIN)
    assert report.matched == ["498"] and report.refused == []


def test_new_era_provinces_loaded_as_the_old_map_need_confirmation(default_store, tmp_path):
    """2025 provinces are old ones merged: Hồ Chí Minh = Hồ Chí Minh + Bình Dương + Bà Rịa – Vũng Tàu,
    Cà Mau = Cà Mau + Bạc Liêu, Hà Nội unchanged. Each shape holds its old provinces' points and its own."""
    db_file = tmp_path / "danvan.duckdb"
    shutil.copy(default_store, db_file)
    members = {"79": ("old:79", "old:74", "old:77", "new:79"), "96": ("old:96", "old:95", "new:96"),
               "01": ("old:01", "new:01")}
    path = tmp_path / "34_tinh.geojson"
    with db.connect(db_file) as con:
        shapes = [shapely.union_all([square(registry_point(con, k)) for k in keys]) for keys in members.values()]
        gpd.GeoDataFrame({"ma_tinh": list(members)}, geometry=shapes, crs="EPSG:4326").to_file(path, driver="GeoJSON")
        with pytest.raises(BoundaryError) as caught:
            load_official(con, path, "old", "province", dry_run=True, user=ADMIN)
        message = str(caught.value)
        # Old points alone in a shape: only Hà Nội's (1); 2025 points: one in each shape (3). Codes fit both eras.
        assert message.startswith("Cảnh báo: tệp có vẻ là bản đồ cấp tỉnh, từ 1/7/2025, không phải cấp tỉnh, trước "
                                  "1/7/2025 như đã chọn: 3 vùng chứa đúng một điểm đơn vị của thời kỳ kia (thời kỳ "
                                  "đã chọn: 1); 3 vùng khớp mã/tên của thời kỳ kia (thời kỳ đã chọn: 3).")
        assert "Không ghi gì." in message and "--confirm-era" in message
        assert load_official(con, path, "new", "province", dry_run=True, user=ADMIN).warnings == []
        before = boundary_rows(con)
    assert run_cli("boundaries", "load", str(path), "--era", "old", "--level", "province", "--db", str(db_file)) == 2
    with db.connect(db_file) as con:
        assert boundary_rows(con) == before
    assert run_cli("boundaries", "load", str(path), "--era", "old", "--level", "province", "--confirm-era",
                   "--db", str(db_file)) == 0
    with db.connect(db_file) as con:
        report = load_official(con, path, "old", "province", confirm_era=True, dry_run=True, user=ADMIN)
        assert report.matched == ["01", "79", "96"]
        assert report.warnings[0].endswith("Đã xác nhận: nạp theo cấp tỉnh, trước 1/7/2025.")
        assert [stored(con, f"old:{c}")[2].startswith("Chính thức: ") for c in ("01", "79", "96", "74")] == [
            True, True, True, False]
