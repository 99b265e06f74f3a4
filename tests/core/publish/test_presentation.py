"""A page's views made into a deck: each chart rendered (stamped) onto its own slide, the table after, progress
reported per view. Expected texts are the seed document's (Bình Phước, NTM_XA, 26/9/2020), written out here."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from PIL import Image
from pptx import Presentation

from danvan.grammar import catalogue
from danvan.present.charts import trend_figure
from danvan.publish.deck import Cover
from danvan.publish.images import stamp_from_frame
from danvan.publish.presentation import View, deck_of
from danvan.store import db
from danvan.store.access import Store

DAN_VAN_KHEO = 'Kết quả thực hiện phong trào thi đua "Dân vận khéo" của các cấp chính quyền'
NTM = catalogue.get("NTM_XA")


@pytest.fixture(scope="module")
def deck(seeded_db: Path) -> tuple[bytes, list]:
    with Store(seeded_db, linger=0).read() as con:
        series = db.run(con, "compare_series", indicator="NTM_XA", unit_keys=["old:70"])
    fig = trend_figure(series, NTM, "vi")
    stamp = stamp_from_frame(series, title="Xã đạt chuẩn nông thôn mới", units="%", period="2020", lang="vi")
    table = pl.DataFrame({"Đơn vị": ["Bình Phước"], "Giá trị": ["48/90 (53,33%)"]})
    views = [View("trend", "Xu hướng: xã nông thôn mới", "Bình Phước, 2020", figure=fig, stamp=stamp),
             View("table", "Bảng số liệu", table=table)]
    steps: list = []
    data = deck_of(views, Cover("Sơ kết công tác dân vận", "Bình Phước", "2020", "Ban Dân vận Tỉnh ủy",
                                date(2026, 11, 24)), "vi", progress=lambda i, n, title: steps.append((i, n, title)))
    return data, steps


def test_one_slide_per_view_after_the_cover(deck):
    slides = list(Presentation(io.BytesIO(deck[0])).slides)
    assert len(slides) == 3
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in slides]
    assert titles[1:] == ["Xu hướng: xã nông thôn mới", "Bảng số liệu"]


def test_the_chart_slide_holds_the_rendered_16_9_picture_and_its_source_in_the_notes(deck):
    slide = list(Presentation(io.BytesIO(deck[0])).slides)[1]
    pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    image = Image.open(io.BytesIO(pictures[0].image.blob))
    assert (image.format, image.size) == ("PNG", (2560, 1440))  # 1280 × 720 at 2×
    notes = slide.notes_slide.notes_text_frame.text
    assert DAN_VAN_KHEO in notes and "26/09/2020" in notes


def test_the_table_slide_keeps_the_figure_as_said(deck):
    slide = list(Presentation(io.BytesIO(deck[0])).slides)[2]
    table = next(s for s in slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[1].cells] == ["Bình Phước", "48/90 (53,33%)"]


def test_progress_is_reported_per_view_then_done(deck):
    assert deck[1] == [(0, 2, "Xu hướng: xã nông thôn mới"), (1, 2, "Bảng số liệu"), (2, 2, "")]
