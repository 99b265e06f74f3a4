"""The compare page's choices and table, as pure functions of the frames its queries return. No Streamlit here.

* **Units on offer**: any unit of the view's era(s) can be picked — today's map: the units from 1/7/2025; as
  reported: both eras. The picker lists the units already chosen, the provinces of those eras and the matches of
  its search box (by name or level, with or without accents, at most `SEARCH_LIMIT`), each labelled with its level
  and era ("Tỉnh Cà Mau (tỉnh, từ 1/7/2025)"), not all 14.000 units: resending every label on each rerun cost
  ~0,8 MB and a second a change. A change of indicator or view never drops a chosen unit; one without figures for
  the indicator stays chosen and is listed as "không có số liệu".
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
from danvan.grammar.text import fold
from danvan.present.style import PALETTE, label

DEFAULT_UNITS = 8
SEARCH_LIMIT = 50  # matches of the picker's search box listed at once (a typed word more narrows them)
GREY = "#A6A6A6"
LEVELS = ("province", "district", "commune")
ERAS = {"reported": ["new", "old"], "today": ["new"]}  # whose units the picker offers, per view


def _labelled(units: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Adds `label`: "Tỉnh Cà Mau (tỉnh, từ 1/7/2025)"; a district or commune also names its province (namesakes
    abound): "Phường Ba Đình – Hà Nội (xã, từ 1/7/2025)"."""
    level = pl.col("unit_level").replace_strict({v: t("level_short_" + v, lang) for v in LEVELS},
                                                default=pl.col("unit_level"))
    era = pl.col("unit_era").replace_strict({v: t("era_" + v, lang) for v in ERAS["reported"]},
                                            default=pl.col("unit_era"))
    where = pl.when(pl.col("province_name").is_not_null()).then(pl.lit(" – ") + pl.col("province_name"))
    return units.with_columns(pl.concat_str([pl.col("unit_name"), where.otherwise(pl.lit("")), pl.lit(" ("), level,
                                             pl.lit(", "), era, pl.lit(")")]).alias("label"))


def unit_labels(units: pl.DataFrame, lang: str) -> dict[str, str]:
    """unit_key → label, in the frame's order (the compare_units query: provinces first, today's era first)."""
    labelled = _labelled(units, lang)
    return dict(zip(labelled["unit_key"], labelled["label"], strict=True))


def offered_units(units: pl.DataFrame, eras: Sequence[str], chosen: Sequence[str], search: str,
                  lang: str) -> dict[str, str]:
    """What the picker lists (see the module's doc): the chosen units and the provinces of `eras`, in the frame's
    order, then the units of `eras` whose label holds every word of `search` (case and accents ignored), those
    holding the words as one phrase first."""
    in_view = pl.col("unit_era").is_in(list(eras))
    keep = pl.col("unit_key").is_in(list(chosen)) | (in_view & (pl.col("unit_level") == "province"))
    offered = _labelled(units.filter(keep), lang)
    words = fold(search).split()
    if words:
        pool = _labelled(units.filter(in_view & ~keep), lang)
        folded = (pl.col("label").str.replace_all("đ", "d").str.replace_all("Đ", "D").str.normalize("NFD")
                  .str.replace_all(r"\p{Mn}", "").str.to_lowercase())
        hits = pool.with_columns(folded.alias("folded")).filter(
            pl.all_horizontal([pl.col("folded").str.contains(w, literal=True) for w in words]))
        phrase = pl.col("folded").str.contains(" ".join(words), literal=True)  # "ba dinh" before "Bắc … Đình"
        hits = hits.sort(phrase, descending=True, maintain_order=True).head(SEARCH_LIMIT)
        offered = pl.concat([offered, hits.drop("folded")])
    return dict(zip(offered["unit_key"], offered["label"], strict=True))


def default_units(units: pl.DataFrame, n: int = DEFAULT_UNITS) -> list[str]:
    """At most n units: the provinces with the most recent actual figure (see the module's doc)."""
    with_data = units.filter(pl.col("n_observations") > 0)
    provinces = with_data.filter(pl.col("unit_level") == "province")
    pool = provinces if provinces.height else with_data
    ranked = pool.sort(["latest_actual", "n_observations", "unit_code"], descending=[True, True, False],
                       nulls_last=True)
    return ranked["unit_key"].head(n).to_list()


def without_data(series: pl.DataFrame, chosen: Sequence[str], labels: dict[str, str]) -> list[str]:
    """Labels of the chosen units with no figure for the indicator in this view: no row in its compare_series frame
    (on today's map, none but "not combined" rows, which have no number)."""
    if "not_combined" in series.columns:
        series = series.filter(~pl.col("not_combined"))
    present = set(series["unit_key"].to_list())
    return [labels.get(k, k) for k in chosen if k not in present]


def unit_colours(chosen: Sequence[str]) -> dict[str, str]:
    """One colour per unit, by the order chosen; beyond the palette, grey."""
    return {key: PALETTE[i] if i < len(PALETTE) else GREY for i, key in enumerate(chosen)}


def _rankable(series: pl.DataFrame) -> pl.DataFrame:
    """The actual figures with a number (on today's map, not the "not combined" rows), with `sort_value`: a range
    at its midpoint, for ordering only (the chart still draws the range)."""
    rows = series.filter((pl.col("status") == "actual")
                         & (pl.col("value").is_not_null() | pl.col("value_low").is_not_null()))
    if "not_combined" in rows.columns:
        rows = rows.filter(~pl.col("not_combined"))
    return rows.with_columns(pl.coalesce("value", (pl.col("value_low") + pl.col("value_high")) / 2).alias("sort_value"))


def ranking_choices(series: pl.DataFrame) -> pl.DataFrame:
    """The levels and periods the ranking can compare (one of each at a time, never a district's 2023-H1 against a
    province's 2024-H1), with how many chosen units reported an actual figure in each: unit_level, period,
    period_end, n_units, latest first. Worked out from the compare_series frame the trend already read."""
    return (_rankable(series).group_by(["unit_level", "period"])
            .agg(pl.col("period_end").min(), pl.col("unit_key").n_unique().alias("n_units"))
            .sort(["period_end", "period"], descending=[True, False]))


def ranking_rows(series: pl.DataFrame, level: str, period: str) -> pl.DataFrame:
    """The bars of one level in one period, the highest `sort_value` first (ranking_figure orders them by the
    indicator's direction)."""
    rows = _rankable(series).filter((pl.col("unit_level") == level) & (pl.col("period") == period))
    return rows.sort(["sort_value", "unit_key"], descending=[True, False])


def ranking_levels(periods: pl.DataFrame) -> list[str]:
    """The levels with a figure, the one most chosen units have first (the higher level on a tie)."""
    if not periods.height:
        return []
    best = periods.group_by("unit_level").agg(pl.col("n_units").max()).to_dicts()
    best.sort(key=lambda r: (-r["n_units"], LEVELS.index(r["unit_level"]) if r["unit_level"] in LEVELS else 9))
    return [r["unit_level"] for r in best]


def ranking_periods(periods: pl.DataFrame, level: str, n_chosen: int, lang: str) -> tuple[dict[str, str], str | None]:
    """The periods of one level, latest first, each with its picker label ("Năm 2016 — 7/8 đơn vị có số liệu"), and
    the default: the latest period most chosen units reported. Labels are made here once, not by the picker for
    each option on every rerun (a filter per option cost ~20 ms a rerun with 40 quarters)."""
    rows = periods.filter(pl.col("unit_level") == level).sort(["period_end", "period"], descending=True).to_dicts()
    if not rows:
        return {}, None
    most = max(r["n_units"] for r in rows)
    labels = {r["period"]: t("ranking_period_option", lang, period=parse_period(r["period"]).label(lang),
                             n=r["n_units"], total=n_chosen) for r in rows}
    return labels, next(r["period"] for r in rows if r["n_units"] == most)


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


def units_line(names: list[str], shown: int = DEFAULT_UNITS) -> str:
    """The units of a view on one line of a title slide: the first few, then how many more ("(+26)")."""
    more = len(names) - shown
    return "; ".join(names[:shown]) + (f" (+{more})" if more > 0 else "")
