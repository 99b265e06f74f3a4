"""Stamped images read back: the SVG's text as XML (title, unit and period, "Nguồn:" with its date, notes,
archipelagos), the PNG's size with Pillow, and the layout that keeps the stamp off the plot.

Expected texts are written out by hand from the seed documents (NTM_XA of Bình Phước, reported on 26/9/2020 in
"Kết quả thực hiện phong trào thi đua "Dân vận khéo" của các cấp chính quyền"; on today's map that figure is
carried to Đồng Nai, partial), never taken from the code under test.
"""

from __future__ import annotations

import io
import threading
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest
from PIL import Image

from danvan.geo.boundaries import geojson_layer
from danvan.grammar import catalogue
from danvan.present.charts import trend_figure
from danvan.present.classify import make_classes
from danvan.present.maps import choropleth_figure
from danvan.publish import _render
from danvan.publish.images import (
    FOOT_LINE,
    HEIGHT,
    Stamp,
    footer_lines,
    period_span,
    stamp_from_frame,
    stamped,
    to_png,
    to_svg,
    units_text,
)
from danvan.store import db
from danvan.store.access import Store

SVG = "{http://www.w3.org/2000/svg}"
DAN_VAN_KHEO = 'Kết quả thực hiện phong trào thi đua "Dân vận khéo" của các cấp chính quyền'
NTM = catalogue.get("NTM_XA")


def texts(svg: bytes) -> list[str]:
    """Every text element of an SVG, its spans joined, as a reader of the file sees them."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def joined(found: list[str]) -> str:
    """The texts as one string: a footer line wrapped at a space reads whole again."""
    return " ".join(x.strip() for x in found)


@pytest.fixture(scope="module")
def store(seeded_db: Path) -> Store:
    return Store(seeded_db, linger=0)


@pytest.fixture(scope="module")
def trend(store: Store) -> tuple[go.Figure, Stamp]:
    with store.read() as con:
        series = db.run(con, "compare_series", indicator="NTM_XA", unit_keys=["old:70"])
    fig = trend_figure(series, NTM, "vi")
    return fig, stamp_from_frame(series, title=fig.layout.title.text, units=units_text(NTM, "vi"),
                                 period=period_span(series, "vi"), changed=date(2026, 11, 24))


@pytest.fixture(scope="module")
def today_map(store: Store) -> tuple[go.Figure, Stamp, dict]:
    with store.read() as con:
        layer = geojson_layer(con, "new", "province", None)
        values = db.run(con, "map_values_today", indicator="NTM_XA", period="2020-09-26", level="province",
                        province_key=None)
    classes = make_classes(values["map_value"].to_list(), "fixed", fixed=NTM.legend, higher_is_better=True)
    fig = choropleth_figure(layer, values, NTM, classes, lang="vi", title="Xã đạt chuẩn nông thôn mới — 26/9/2020")
    stamp = stamp_from_frame(values, title=fig.layout.title.text, units=units_text(NTM, "vi"), period="26/9/2020",
                             layer=layer, changed=datetime(2026, 11, 24, 9, 30))
    return fig, stamp, layer


def test_trend_svg_names_its_source_with_its_date(trend):
    fig, stamp = trend
    found = texts(to_svg(stamped(fig, stamp, "vi")))
    assert "Xã đạt chuẩn nông thôn mới: diễn biến theo kỳ" in found
    assert "Đơn vị tính: % (xã đạt chuẩn / tổng số xã) · Kỳ: Tính đến 26/9/2020 – Năm 2020" in found
    assert f"Nguồn: {DAN_VAN_KHEO} (26/09/2020) — Số liệu cập nhật ngày 24/11/2026." in joined(found)
    assert "Ước tính: 1 số liệu là số ước hoặc dự kiến" in found  # the 2020 expectation


def test_map_svg_keeps_partial_note_archipelagos_and_derived_source(today_map, store):
    fig, stamp, _layer = today_map
    with store.read() as con:  # the rows say when they were recorded: Bình Phước's figure, carried to Đồng Nai
        recorded, = con.execute("SELECT max(recorded_at) FROM observations WHERE unit_key = 'old:70' "
                                "AND indicator_code = 'NTM_XA' AND period = '2020-09-26'").fetchone()
    found = texts(to_svg(stamped(fig, stamp, "vi")))
    assert "Xã đạt chuẩn nông thôn mới — 26/9/2020" in found
    assert "Quần đảo Hoàng Sa" in found and "Quần đảo Trường Sa" in found
    assert "Viền đứt nét, gạch chéo: số liệu một phần — chưa đủ đơn vị báo cáo (1 đơn vị)" in found
    # Đồng Nai's figure is carried from Bình Phước: its "source" is a derivation, not a document to name
    assert (f"Nguồn: báo cáo của đơn vị cũ hoặc cấp dưới (số liệu suy ra) — Số liệu cập nhật ngày "
            f"{recorded:%d/%m/%Y}." in joined(found))
    assert any(line.startswith("Suy ra: 1 số liệu không do chính đơn vị báo cáo") for line in found)
    assert not any(line.startswith("Nguồn: Tính lại") for line in found)


def test_png_is_16_9_at_twice_the_size(trend):
    fig, stamp = trend
    png = to_png(stamped(fig, stamp, "vi"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (2560, 1440)  # 1280 × 720 logical at scale 2
    assert image.size[0] * 9 == image.size[1] * 16


def test_stamp_sits_outside_the_plot_and_the_figure_is_untouched(today_map, trend):
    for fig, stamp in (today_map[:2], trend):
        out = stamped(fig, stamp, "vi", today_map[2])
        plot_px = HEIGHT - out.layout.margin.t - out.layout.margin.b
        footer = [a for a in out.layout.annotations if a.name and a.name.startswith("stamp_")]
        assert footer and all(a.y * plot_px + FOOT_LINE <= 0 for a in footer)  # each line's top under the plot
        assert not any(a.name and a.name.startswith(("partial_note", "note_")) for a in out.layout.annotations)
        assert out.layout.title.yref == "container" and out.layout.title.y * HEIGHT > HEIGHT - out.layout.margin.t
    assert any(a.name == "note_0" for a in today_map[0].layout.annotations)  # the page's figure keeps its notes


def test_a_map_by_url_takes_the_layer_or_is_refused(today_map):
    fig, stamp, layer = today_map
    by_url = go.Figure(fig).update_traces(geojson="/app/static/geo/new-province.json", selector=dict(type="choropleth"))
    with pytest.raises(ValueError, match="ranh giới"):
        stamped(by_url, stamp)
    out = stamped(by_url, stamp, "vi", layer)
    assert all(tr.geojson is layer or tr.geojson == layer for tr in out.data if tr.type == "choropleth")


def frame(rows: list[dict]) -> pl.DataFrame:
    schema = {"source_title": pl.String, "source_date": pl.Date, "recorded_at": pl.Datetime, "derived": pl.Boolean,
              "qualifier": pl.String, "status": pl.String, "period_approximate": pl.Boolean}
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)


def test_stamp_from_a_frame_names_documents_once_and_counts_the_rest():
    rows = [
        {"source_title": "Báo cáo 15/BC-UBND", "source_date": date(2024, 6, 10),
         "recorded_at": datetime(2026, 11, 20, 10, 0), "qualifier": "=", "status": "actual"},
        {"source_title": "Báo cáo 15/BC-UBND", "source_date": date(2024, 6, 10),
         "recorded_at": datetime(2026, 11, 2, 8, 0), "qualifier": "~", "status": "actual"},
        {"source_title": "Báo cáo 9/BC-UBND", "source_date": date(2025, 1, 5), "qualifier": "=", "status": "expected",
         "period_approximate": True},
        {"source_title": "tong_hop.xlsx", "qualifier": "=", "status": "actual"},
    ] + [{"source_title": "Cộng 2/3 đơn vị cũ", "derived": True, "qualifier": "=", "status": "actual"}] * 2500
    stamp = stamp_from_frame(frame(rows), title="T", units="%", period="2024")
    assert stamp.sources == (("Báo cáo 9/BC-UBND", date(2025, 1, 5)), ("Báo cáo 15/BC-UBND", date(2024, 6, 10)),
                             ("tong_hop.xlsx", None))  # newest first, undated last
    assert stamp.changed == date(2026, 11, 20)  # the newest change of the rows
    lines = footer_lines(stamp, [], "vi")
    assert joined(lines[:2]) == (
        "Nguồn: Báo cáo 9/BC-UBND (05/01/2025); Báo cáo 15/BC-UBND (10/06/2024); tong_hop.xlsx (không ghi ngày); "
        "báo cáo của đơn vị cũ hoặc cấp dưới (số liệu suy ra) — Số liệu cập nhật ngày 20/11/2026.")
    assert lines[1].startswith("   ") and all(len(line) <= 125 for line in lines)  # wrapped, then indented
    assert any(line.startswith("Suy ra: 2.500 số liệu") for line in lines)
    assert "Ước tính: 2 số liệu là số ước hoặc dự kiến" in lines
    assert any(line.startswith("Kỳ suy đoán: 1 số liệu") for line in lines)
    english = footer_lines(stamp_from_frame(frame(rows), title="T", units="%", period="2024", lang="en"), [], "en")
    assert english[0].startswith("Source: Báo cáo 9/BC-UBND (5 Jan 2025); Báo cáo 15/BC-UBND (10 Jun 2024)")
    assert any(line.startswith("Derived: 2,500 figures") for line in english)


def test_many_sources_are_counted_and_a_note_is_said_once():
    rows = [{"source_title": f"Báo cáo {i}/BC", "source_date": date(2024, 1, i)} for i in range(1, 10)]
    stamp = stamp_from_frame(frame(rows), title="T", units="%", period="2024", changed=date(2026, 11, 24))
    first = " ".join(footer_lines(stamp, [], "vi")[:2])
    assert "Báo cáo 4/BC (04/01/2024); và 3 nguồn khác" in first and "Báo cáo 3/BC" not in first
    note = "Ranh giới ước tính ở 2 đơn vị, không phải bản đồ chính thức"
    assert footer_lines(Stamp("T", "%", "2024", notes=(note,)), [note], "vi").count(note) == 1


def test_period_span_and_units():
    years = pl.DataFrame({"period": ["2021", "2019"], "period_end": [date(2021, 12, 31), date(2019, 12, 31)]})
    assert period_span(years) == "Năm 2019 – Năm 2021"
    assert period_span(years.head(1)) == "Năm 2021"
    assert units_text(catalogue.get("TCD_CUOC"), "vi") == "cuộc"
    assert units_text(NTM, "en") == "%"


def test_renders_from_many_threads_each_its_own_image():
    figs = {f"Hình số {i}": go.Figure(go.Bar(x=[1, 2], y=[i, 2 * i])).update_layout(title=f"Hình số {i}")
            for i in range(3)}
    results: dict[str, bytes] = {}

    def work(title: str) -> None:
        results[title] = to_svg(figs[title])

    threads = [threading.Thread(target=work, args=(title,)) for title in figs]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for title, svg in results.items():
        assert [x for x in texts(svg) if x.startswith("Hình số")] == [title]
    assert len(results) == 3


def test_nothing_is_fetched_at_render_time(today_map, monkeypatch):
    """The browser has no way out: pointed at the CDN's topojson, a map fails at once instead of fetching it."""
    fig, stamp, _layer = today_map
    monkeypatch.setattr(_render, "TOPOJSON", "https://cdn.plot.ly/un/")
    with pytest.raises(Exception, match="topojson"):
        to_svg(stamped(fig, stamp))
    assert not _render.RENDERER.warm  # a failed render leaves no browser in an unknown state
