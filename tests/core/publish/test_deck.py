"""Decks read back with python-pptx: slides, titles, pictures, captions, notes and table cells as a presenter needs."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide

from danvan.publish.deck import ChartSlide, Cover, TableSlide, build_deck

EMU_PER_INCH = 914_400
SOURCES = [("Báo cáo 15/BC-UBND huyện Lạc Sơn", date(2024, 6, 10)), ("Tệp tải lên tong_hop.xlsx", None)]
COVER = Cover("Kết quả công tác dân vận chính quyền", "Tỉnh Hòa Bình", "Năm 2024",
              "Ban Dân vận Tỉnh ủy Hòa Bình", date(2026, 11, 24))
TREND = "Tỷ lệ xã đạt chuẩn “dân vận khéo”: diễn biến theo kỳ"
MAP = "Số cuộc đối thoại với Nhân dân, theo huyện"
TABLE = "Bảng số liệu so sánh"


def png(width: int, height: int, colour: str = "#0072B2") -> bytes:
    """A real PNG with shapes on it, as a stamped chart would be."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([width // 10, height // 5, width // 2, height * 4 // 5], fill=colour)
    draw.ellipse([width // 2, height // 5, width * 9 // 10, height * 4 // 5], fill="#D55E00")
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def figures(n: int) -> pl.DataFrame:
    """A compare-style table: figures as they were said, qualifiers and ratios included."""
    said = ["trên 2.500", "13/17", "dự kiến 12", "50–75%"]
    return pl.DataFrame({
        "Đơn vị": [f"Huyện số {i + 1}" for i in range(n)],
        "Kỳ báo cáo": ["Năm 2024"] * n,
        "Giá trị": [said[i % 4] for i in range(n)],
        "Nguồn": ["Báo cáo 15/BC-UBND"] * n,
    })


def read(deck: bytes) -> Deck:
    return Presentation(io.BytesIO(deck))


def texts(slide: Slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def notes(slide: Slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def table_rows(slide: Slide) -> list[list[str]]:
    (shape,) = [s for s in slide.shapes if s.has_table]
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


@pytest.fixture(scope="module")
def deck() -> Deck:
    return read(build_deck(COVER, [
        ChartSlide(TREND, "Hình 1. Tỷ lệ xã đạt chuẩn, 2020–2024", png(3200, 1800), SOURCES, "Nhấn mạnh năm 2024."),
        ChartSlide(MAP, "Hình 2. Bản đồ theo huyện", png(1200, 1600, "#009E73"), SOURCES[:1]),
        TableSlide(TABLE, figures(4), SOURCES),
    ]))


def test_widescreen_with_one_slide_per_part(deck: Deck) -> None:
    assert (deck.slide_width, deck.slide_height) == (12_192_000, 6_858_000)  # PowerPoint's Widescreen
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert [s.shapes.title.text for s in deck.slides] == [COVER.title, TREND, MAP, TABLE]


def test_title_slide_names_unit_period_office_and_date(deck: Deck) -> None:
    cover = deck.slides[0]
    body = "\n".join(texts(cover))
    for line in ("Đơn vị: Tỉnh Hòa Bình", "Kỳ báo cáo: Năm 2024", "Ban Dân vận Tỉnh ủy Hòa Bình", "Ngày 24/11/2026"):
        assert line in body.splitlines()
    assert deck.core_properties.title == COVER.title


@pytest.mark.parametrize(("index", "pixels"), [(1, (3200, 1800)), (2, (1200, 1600))])
def test_each_chart_slide_has_its_picture_fitted_whole_and_a_caption_under_it(deck: Deck, index: int,
                                                                              pixels: tuple[int, int]) -> None:
    slide = deck.slides[index]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    assert picture.image.size == pixels  # the PNG itself, not a re-encoded copy
    # same aspect as the image (to the EMU), entirely on the slide, below the title
    assert abs(picture.width * pixels[1] - picture.height * pixels[0]) <= max(pixels)
    assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
    title = slide.shapes.title
    assert picture.top >= title.top + title.height
    (caption,) = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Hình")]
    assert caption.top >= picture.top + picture.height
    assert caption.top + caption.height <= deck.slide_height
    # centred, and as large as the body allows: a 16:9 chart is over 9 in wide; both are 5,2 in tall
    assert abs(2 * picture.left + picture.width - deck.slide_width) <= 1
    assert picture.height == round(5.2 * EMU_PER_INCH)
    assert picture.width > (9 * EMU_PER_INCH if pixels[0] > pixels[1] else 0)


def test_notes_list_every_source_with_its_date(deck: Deck) -> None:
    trend = notes(deck.slides[1])
    assert trend.splitlines() == ["Nhấn mạnh năm 2024.", "Nguồn số liệu:",
                                  "– Báo cáo 15/BC-UBND huyện Lạc Sơn (10/06/2024)",
                                  "– Tệp tải lên tong_hop.xlsx (không ghi ngày)"]
    assert notes(deck.slides[2]).splitlines()[1:] == ["– Báo cáo 15/BC-UBND huyện Lạc Sơn (10/06/2024)"]
    assert "10/06/2024" in notes(deck.slides[3])


def test_table_slide_keeps_figures_as_they_were_said(deck: Deck) -> None:
    assert table_rows(deck.slides[3]) == [
        ["Đơn vị", "Kỳ báo cáo", "Giá trị", "Nguồn"],
        ["Huyện số 1", "Năm 2024", "trên 2.500", "Báo cáo 15/BC-UBND"],
        ["Huyện số 2", "Năm 2024", "13/17", "Báo cáo 15/BC-UBND"],
        ["Huyện số 3", "Năm 2024", "dự kiến 12", "Báo cáo 15/BC-UBND"],
        ["Huyện số 4", "Năm 2024", "50–75%", "Báo cáo 15/BC-UBND"],
    ]


def test_every_text_is_arial_so_powerpoint_and_impress_agree(deck: Deck) -> None:
    """No run is left to the theme's font (Calibri, which LibreOffice does not have)."""
    frames = [s.text_frame for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    frames += [cell.text_frame for slide in deck.slides for s in slide.shapes if s.has_table
               for row in s.table.rows for cell in row.cells]
    runs = [r for f in frames for p in f.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Arial"}


def test_a_long_table_goes_on_over_slides_with_the_header_repeated() -> None:
    long = figures(40).with_columns(pl.col("Đơn vị") + " — tên rất dài " * 3)  # rows that wrap onto 2+ lines
    deck = read(build_deck(COVER, [TableSlide(TABLE, long, SOURCES)]))
    slides = list(deck.slides)[1:]
    assert len(slides) > 2
    assert [s.shapes.title.text for s in slides] == [f"{TABLE} (trang {n}/{len(slides)})"
                                                     for n in range(1, len(slides) + 1)]
    rows = [table_rows(s) for s in slides]
    assert all(r[0] == long.columns for r in rows)
    assert [row for page in rows for row in page[1:]] == [list(r) for r in long.iter_rows()]
    for slide in slides:  # every page's table ends on the slide
        (shape,) = [s for s in slide.shapes if s.has_table]
        assert shape.top + sum(r.height for r in shape.table.rows) <= deck.slide_height
        assert "10/06/2024" in notes(slide)


def test_flags_and_english() -> None:
    table = pl.DataFrame({"Unit": ["Hòa Bình"], "Value": ["over 2,500"], "Partial": [True]})
    deck = read(build_deck(COVER, [TableSlide("Figures", table, [])], lang="en"))
    assert "Date: 24 Nov 2026" in texts(deck.slides[0])[1].splitlines()
    assert "Unit: Tỉnh Hòa Bình" in texts(deck.slides[0])[1].splitlines()
    assert table_rows(deck.slides[1]) == [["Unit", "Value", "Partial"], ["Hòa Bình", "over 2,500", "Yes"]]
    assert notes(deck.slides[1]).splitlines() == ["Sources:", "– no source given"]
