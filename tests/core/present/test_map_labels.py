"""Values printed on the map: readable on their fill, and never on top of one another."""

import polars as pl

from danvan.grammar import catalogue
from danvan.present.classify import make_classes
from danvan.present.maps import choropleth_figure


def square(key: str, lon: float, lat: float) -> dict:
    ring = [[lon - 0.5, lat - 0.5], [lon + 0.5, lat - 0.5], [lon + 0.5, lat + 0.5], [lon - 0.5, lat + 0.5],
            [lon - 0.5, lat - 0.5]]
    return {"type": "Feature", "id": key, "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"unit_key": key, "code": key, "name": key, "approximate": False}}


def test_labels_skip_overlaps_and_contrast_with_their_fill():
    # Three units across 16° of longitude (the national map's width): "a" and "b" 0,3° apart — at ~0,02°/px two
    # 5-character labels (~38 px = 0,76° wide) would overlap, so "b" (after "a" in the layer) is left to the hover.
    layer = {"type": "FeatureCollection", "features": [square("a", 102, 10), square("b", 102.3, 10),
                                                        square("c", 117.5, 23)]}
    ind = catalogue.get("TCD_CUOC")  # a count: "1.000"-style labels
    values = pl.DataFrame({"unit_key": ["a", "b", "c"], "map_value": [1000.0, 1500.0, 9000.0],
                           "value": [1000.0, 1500.0, 9000.0], "qualifier": ["="] * 3, "status": ["actual"] * 3,
                           "numerator": [None] * 3, "denominator": [None] * 3, "value_low": [None] * 3,
                           "value_high": [None] * 3, "raw_text": ["1000", "1500", "9000"],
                           "source_title": ["x"] * 3}, strict=False)
    classes = make_classes(values["map_value"].to_list(), "equal", k=2, whole=True)
    centres = {"a": (10, 102), "b": (10, 102.3), "c": (23, 117.5)}
    fig = choropleth_figure(layer, values, ind, classes, labels_at=centres)
    labels = next(tr for tr in fig.data if tr.name == "labels")
    assert list(labels.customdata) == ["a", "c"]
    # "a" is in the light class (YlGnBu's palest yellow): dark text; "c" in the darkest navy: white text, as its
    # label (0,76° wide) fits inside its 1° square.
    assert list(labels.textfont.color) == ["#111111", "#ffffff"]
    # The same navy unit, 0,5° wide: the label spills onto the neighbours' fills, so it stays dark.
    layer["features"][2] = square("c", 117.5, 23)
    ring = layer["features"][2]["geometry"]["coordinates"][0]
    layer["features"][2]["geometry"]["coordinates"][0] = [[117.5 + (x - 117.5) / 2, y] for x, y in ring]
    labels = next(tr for tr in choropleth_figure(layer, values, ind, classes, labels_at=centres).data
                  if tr.name == "labels")
    assert list(labels.textfont.color) == ["#111111", "#111111"]
