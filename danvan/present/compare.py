"""The compare page's choices and table, as pure functions of the frames its queries return. No Streamlit here.

* **Units on offer**: every unit of the view's era(s) — today's map: the units from 1/7/2025; as reported: both
  eras — plus any unit already chosen, labelled with its level and era ("Tỉnh Cà Mau (tỉnh, từ 1/7/2025)"), so a
  change of indicator or view never drops a chosen unit; one without figures for the indicator stays chosen and is
  listed as "không có số liệu".
* **Default units** (no `units=` in the URL): at most `DEFAULT_UNITS` (8) provinces, those whose latest actual
  figure is the most recent (then the most figures, then the code); when no province has the indicator, the units
  of any level ranked the same way. Never every unit with data (nationally 3.321 communes).
* **Colours**: by the order of the chosen units — the first eight get the eight colours of `style.PALETTE`, the
  same colour in the trend and in the ranking; any further unit is drawn grey (`GREY`), thinner and without an end
  label (its name is in the hover), so a ninth unit never silently reuses the first one's colour.
* **Ranking**: one level and one period at a time; by default the level most chosen units have figures at (the
  higher level on a tie) and, in it, the latest of the periods most chosen units reported.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.present.style import PALETTE, label

DEFAULT_UNITS = 8
GREY = "#A6A6A6"
LEVELS = ("province", "district", "commune")
ERAS = {"reported": ["new", "old"], "today": ["new"]}  # whose units the picker offers, per view


def unit_label(row: dict, lang: str) -> str:
    """ "Tỉnh Cà Mau (tỉnh, từ 1/7/2025)"; a district or commune also names its province (namesakes abound)."""
    where = f" – {row['province_name']}" if row.get("province_name") else ""
    return (f"{row['unit_name']}{where} ({t('level_short_' + row['unit_level'], lang)}, "
            f"{t('era_' + row['unit_era'], lang)})")


def unit_options(units: pl.DataFrame, lang: str) -> dict[str, str]:
    """unit_key → label, in the query's order (provinces first, today's era first)."""
    return {r["unit_key"]: unit_label(r, lang) for r in units.iter_rows(named=True)}


def default_units(units: pl.DataFrame, n: int = DEFAULT_UNITS) -> list[str]:
    """At most n units: the provinces with the most recent actual figure (see the module's doc)."""
    with_data = units.filter(pl.col("n_observations") > 0)
    provinces = with_data.filter(pl.col("unit_level") == "province")
    pool = provinces if provinces.height else with_data
    ranked = pool.sort(["latest_actual", "n_observations", "unit_code"], descending=[True, True, False],
                       nulls_last=True)
    return ranked["unit_key"].head(n).to_list()


def without_data(units: pl.DataFrame, chosen: Sequence[str], lang: str) -> list[str]:
    """Labels of the chosen units that have no figure for the indicator in this view."""
    empty = set(units.filter(pl.col("n_observations") == 0)["unit_key"].to_list())
    labels = unit_options(units.filter(pl.col("unit_key").is_in(list(chosen))), lang)
    return [labels.get(k, k) for k in chosen if k in empty]


def unit_colours(chosen: Sequence[str]) -> dict[str, str]:
    """One colour per unit, by the order chosen; beyond the palette, grey."""
    return {key: PALETTE[i] if i < len(PALETTE) else GREY for i, key in enumerate(chosen)}


def ranking_levels(periods: pl.DataFrame) -> list[str]:
    """The levels with a figure, the one most chosen units have first (the higher level on a tie)."""
    if not periods.height:
        return []
    best = periods.group_by("unit_level").agg(pl.col("n_units").max()).to_dicts()
    best.sort(key=lambda r: (-r["n_units"], LEVELS.index(r["unit_level"]) if r["unit_level"] in LEVELS else 9))
    return [r["unit_level"] for r in best]


def ranking_periods(periods: pl.DataFrame, level: str) -> tuple[list[str], str | None]:
    """The periods of one level, latest first, and the default: the latest period most chosen units reported."""
    rows = periods.filter(pl.col("unit_level") == level).sort(["period_end", "period"], descending=True).to_dicts()
    if not rows:
        return [], None
    most = max(r["n_units"] for r in rows)
    return [r["period"] for r in rows], next(r["period"] for r in rows if r["n_units"] == most)


def period_option(periods: pl.DataFrame, level: str, period: str, n_chosen: int, lang: str) -> str:
    """ "Năm 2016 — 7/8 đơn vị" in the period picker."""
    row = periods.filter((pl.col("unit_level") == level) & (pl.col("period") == period)).row(0, named=True)
    return t("ranking_period_option", lang, period=parse_period(period).label(lang), n=row["n_units"],
             total=n_chosen)


def _value_text(row: dict, indicator: Indicator, lang: str) -> str:
    return label(row, indicator, lang) + (f" ({t('partial', lang)})" if row.get("partial") else "")


def compare_table(series: pl.DataFrame, indicator: Indicator, lang: str, today: bool) -> pl.DataFrame:
    """The numbers behind the figures, with Vietnamese headers and statuses; a partial figure says so."""
    rows = series.to_dicts()
    columns: dict[str, list] = {
        t("unit", lang): [r["unit_name"] for r in rows],
        t("period", lang): [parse_period(r["period"]).label(lang) for r in rows],
        t("value", lang): [_value_text(r, indicator, lang) for r in rows],
        t("status", lang): [t("status_" + r["status"], lang) for r in rows],
        t("source", lang): [r["source_title"] for r in rows],
    }
    if today:
        columns[t("col_derived", lang)] = [bool(r.get("derived")) for r in rows]
        columns[t("partial", lang)] = [bool(r.get("partial")) for r in rows]
    schema = {k: (pl.Boolean if today and k in (t("col_derived", lang), t("partial", lang)) else pl.String)
              for k in columns}
    return pl.DataFrame(columns, schema=schema)
