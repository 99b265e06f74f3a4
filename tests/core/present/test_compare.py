"""The compare page's pure choices: default units, colours, ranking order and level/period, end labels."""

from datetime import date
from itertools import pairwise

import polars as pl

from danvan.grammar import catalogue
from danvan.present import compare
from danvan.present.charts import _spread, ranking_figure


def _rank(values: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame([{"unit_key": k, "unit_name": k, "unit_era": "old", "period": "2018",
                          "period_end": date(2018, 12, 31), "value": v, "numerator": None, "denominator": None,
                          "value_low": None, "value_high": None, "qualifier": "=", "raw_text": str(v),
                          "sort_value": v} for k, v in values.items()])


def test_ranking_is_best_first_by_the_indicators_direction():
    values = {"A": 10.0, "B": 30.0, "C": 20.0}
    more = ranking_figure(_rank(values), catalogue.get("TCD_CUOC"))   # more sessions is better
    fewer = ranking_figure(_rank(values), catalogue.get("TCD_DOAN"))  # fewer large delegations is better
    assert list(more.data[0].y) == ["B", "C", "A"]
    assert list(fewer.data[0].y) == ["A", "C", "B"]
    assert more.layout.yaxis.autorange == "reversed"  # the first row is drawn on top


def test_default_units_are_the_provinces_with_the_latest_figures():
    units = pl.DataFrame({
        "unit_key": [f"old:{i:02d}" for i in range(12)] + ["old:157"],
        "unit_code": [f"{i:02d}" for i in range(12)] + ["157"],
        "unit_level": ["province"] * 12 + ["district"],
        "n_observations": [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5],
        "latest_actual": [None] + [date(2010 + i, 12, 31) for i in range(1, 12)] + [date(2030, 1, 1)],
    })
    assert compare.default_units(units) == [f"old:{i:02d}" for i in range(11, 3, -1)]
    assert compare.default_units(units.filter(pl.col("unit_level") == "district")) == ["old:157"]


def test_colours_follow_the_chosen_order_and_turn_grey_beyond_the_palette():
    colours = compare.unit_colours([f"k{i}" for i in range(10)])
    assert len(set(list(colours.values())[:8])) == 8
    assert colours["k8"] == colours["k9"] == compare.GREY


def test_ranking_default_is_the_latest_period_most_units_reported():
    periods = pl.DataFrame({
        "unit_level": ["province", "province", "province", "district"],
        "period": ["2024-H1", "2023", "2022", "2023-H1"],
        "period_end": [date(2024, 6, 30), date(2023, 12, 31), date(2022, 12, 31), date(2023, 6, 30)],
        "n_units": [1, 3, 3, 1],
    })
    assert compare.ranking_levels(periods) == ["province", "district"]
    labels, first = compare.ranking_periods(periods, "province", 3, "vi")
    assert (list(labels), first) == (["2024-H1", "2023", "2022"], "2023")
    assert labels["2022"] == "Năm 2022 — 3/3 đơn vị có số liệu"
    assert labels["2024-H1"] == "6 tháng đầu năm 2024 — 1/3 đơn vị có số liệu"


def test_end_labels_are_spread_at_least_a_gap_apart_and_keep_their_order():
    ys = _spread([0.5, 0.51, 0.52, 0.99, 1.0], 0.1)
    ordered = sorted(ys)
    assert all(b - a >= 0.1 - 1e-9 for a, b in pairwise(ordered))
    assert ys == sorted(ys) and max(ys) <= 1


def test_ranking_choices_and_bars_come_from_the_series_actual_numbers_only():
    """Worked by hand: A and B report 2023 (A also a range in 2024-H1), C only an expectation, D a figure "not
    combined" (no number) on today's map; so 2023 has 2 units, 2024-H1 one, and C and D are never counted."""
    def row(key, period, end, value, status="actual", low=None, high=None, not_combined=False):
        return {"unit_key": key, "unit_name": key, "unit_era": "new", "unit_level": "province", "period": period,
                "period_end": end, "value": value, "value_low": low, "value_high": high, "status": status,
                "qualifier": "range" if low is not None else "=", "not_combined": not_combined}
    series = pl.DataFrame([
        row("A", "2023", date(2023, 12, 31), 10.0), row("B", "2023", date(2023, 12, 31), 30.0),
        row("A", "2024-H1", date(2024, 6, 30), None, low=20.0, high=40.0),
        row("C", "2024-H1", date(2024, 6, 30), 99.0, status="expected"),
        row("D", "2024-H1", date(2024, 6, 30), None, not_combined=True),
    ])
    choices = compare.ranking_choices(series)
    assert choices.select("period", "n_units").rows() == [("2024-H1", 1), ("2023", 2)]
    labels, first = compare.ranking_periods(choices, "province", 4, "en")
    assert (list(labels), first) == (["2024-H1", "2023"], "2023")
    assert labels["2023"] == "2023 — 2/4 units reported"
    assert compare.ranking_rows(series, "province", "2023")["unit_key"].to_list() == ["B", "A"]
    assert compare.ranking_rows(series, "province", "2024-H1")["sort_value"].to_list() == [30.0]  # the midpoint
