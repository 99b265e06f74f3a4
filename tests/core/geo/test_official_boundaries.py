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
from danvan.geo.boundaries import SOURCE_DEFAULT, counts, ensure_default, geojson_layer
from danvan.geo.official import BoundaryError, load_official, normalise_code, read_boundary_file
from danvan.store import db
from tests.conftest import ROOT

# Two real 2025 provinces (codes written as integers, as spreadsheets export them) and one unknown code.
BOXES = {96: (104.8, 8.6, 105.4, 9.6), 1: (105.3, 20.6, 106.0, 21.4), 99: (106.0, 11.0, 106.1, 11.1)}


@pytest.fixture(scope="module")
def default_store(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded store with the default map built once (init_store does not build it yet)."""
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
    report = load_official(store, write_geojson(tmp_path), "new", "province")
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
    assert stored(store, "new:79")[1:] == (True, SOURCE_DEFAULT)
    assert counts(store)["new/province"] == {"units": 34, "shapes": 34, "official": 2}
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
            report = load_official(con, writer(folder), "new", "province")
            results[name] = (report.matched, report.unmatched_in_file, report.units_without_shape,
                             stored(con, "new:96")[:2], stored(con, "new:01")[:2])
    assert results["zip"] == results["geojson"]
    assert results["gpkg"] == results["geojson"]


def test_projected_file_is_reprojected(store, tmp_path):
    report = load_official(store, write_geojson(tmp_path, crs="EPSG:32648"), "new", "province")
    assert report.matched == ["01", "96"]
    got = bounds(stored(store, "new:96")[0])
    assert all(abs(a - b) < 0.01 for a, b in zip(got, BOXES[96], strict=True))


def test_dry_run_writes_nothing(store, tmp_path):
    before = stored(store, "new:96")
    report = load_official(store, write_geojson(tmp_path), "new", "province", dry_run=True)
    assert report.matched == ["01", "96"] and not report.written
    assert report.lines()[-1] == "Chạy thử: chưa ghi gì vào kho."
    assert stored(store, "new:96") == before


def test_names_are_the_fallback_and_a_field_can_be_named(store, tmp_path):
    path = tmp_path / "ten.geojson"
    official_frame().drop(columns="ma_tinh").to_file(path, driver="GeoJSON")
    report = load_official(store, path, "new", "province", dry_run=True)
    assert report.by_name and report.code_field == "ten"
    assert report.matched == ["01", "96"]
    assert report.unmatched_in_file == ["Không rõ"]
    named = load_official(store, write_geojson(tmp_path), "new", "province", code_field="ten", dry_run=True)
    assert named.by_name and named.matched == ["01", "96"]
    with pytest.raises(BoundaryError, match='Tệp không có cột "ma_xa"'):
        load_official(store, write_geojson(tmp_path), "new", "province", code_field="ma_xa")


def test_commune_codes_are_zero_padded(store, tmp_path):
    path = tmp_path / "xa.geojson"
    gpd.GeoDataFrame({"MA_XA": [4, 97]}, geometry=[shapely.box(105.83, 21.03, 105.85, 21.05),
                                                   shapely.box(105.84, 21.05, 105.86, 21.07)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    report = load_official(store, path, "new", "commune")
    assert report.code_field == "MA_XA"
    assert report.matched == ["00004", "00097"]
    assert len(report.units_without_shape) == 3321 - 2
    assert stored(store, "new:00004")[1] is False
    assert normalise_code(4.0, 5) == "00004" and normalise_code(" 96 ", 2) == "96" and normalise_code(None, 2) is None


def test_default_build_keeps_official_rows_unless_forced(store, tmp_path):
    load_official(store, write_geojson(tmp_path), "new", "province")
    assert ensure_default(store) == dict.fromkeys(
        ["new/province", "new/commune", "old/province", "old/district", "old/commune"], 0)
    assert stored(store, "new:96")[1] is False
    written = ensure_default(store, force=True)
    assert written["new/province"] == 34 and written["old/commune"] == 10035
    assert stored(store, "new:96")[1:] == (True, SOURCE_DEFAULT)


def test_map_layer_mixes_official_and_approximate(store, tmp_path):
    load_official(store, write_geojson(tmp_path), "new", "province")
    layer = geojson_layer(store, "new", "province")
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) == 34
    by_key = {f["id"]: f for f in layer["features"]}
    assert by_key["new:96"]["properties"] == {"unit_key": "new:96", "code": "96", "name": "Tỉnh Cà Mau",
                                              "approximate": False}
    assert by_key["new:79"]["properties"]["approximate"] is True
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
        load_official(store, path, "new", "province")
    assert str(caught.value).startswith(message)
    assert counts(store)["new/province"]["official"] == 0


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
    return cli_main(list(argv))


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
        assert con.execute("SELECT count(*) FROM boundaries WHERE NOT approximate").fetchall() == [(0,)]


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
                         "--level", "province", "--db", db_file, "--dry-run"], cwd=root, capture_output=True,
                        text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Khớp 2 đơn vị" in ok.stdout
    bad = tmp_path / "hong.geojson"
    bad.write_text("không phải json", encoding="utf-8")
    fail = subprocess.run([sys.executable, "-m", "danvan", "boundaries", "load", str(bad), "--era", "new",
                           "--level", "province", "--db", db_file], cwd=root, capture_output=True, text=True)
    assert fail.returncode == 2 and "hong.geojson" in fail.stderr


def test_admin_page_checks_then_loads_an_official_file(default_store, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    db_file = tmp_path / "admin.duckdb"
    shutil.copy(default_store, db_file)
    monkeypatch.setenv("DANVAN_DB", str(db_file))
    at = AppTest.from_file(str(ROOT / "pages/6_quan_tri_ban_do.py"), default_timeout=90).run()
    assert not at.exception
    counts = at.dataframe[0].value
    assert int(counts[(counts["era"] == "new") & (counts["level"] == "province")]["official"].iloc[0]) == 0
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
    assert int(counts[(counts["era"] == "new") & (counts["level"] == "province")]["official"].iloc[0]) == 2
