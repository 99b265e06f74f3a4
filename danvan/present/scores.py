"""The citizens' view beside the reported figures: a unit's survey scores (PAPI) as one table, indicators down and
years across ("5,34 điểm"), with the source and its licence. Frames in, frames and text out; no Streamlit here."""

from __future__ import annotations

import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.present.style import label

SCORE_TOPIC = "papi"  # the catalogue's topic of the citizens' view (data/catalogue/indicators.yml)


def is_score_row(code: str) -> bool:
    return catalogue.get(code).topic == SCORE_TOPIC


def split_profile(profile: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(reported figures, survey scores) of a unit's profile rows (queries unit_profile / unit_profile_today)."""
    codes = [c for c in profile["indicator_code"].unique().to_list() if is_score_row(c)]
    scores = profile["indicator_code"].is_in(codes)
    return profile.filter(~scores), profile.filter(scores)


def score_table(scores: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """One row per indicator (catalogue order) and status, one column per period (oldest first): each score as its
    measure writes it ("5,34 điểm"); a figure carried onto today's map says so; blank where there is none."""
    if scores.height == 0:
        return pl.DataFrame()
    order = {code: i for i, code in enumerate(catalogue.indicators())}
    periods = (scores.select("period", "period_end").unique().sort("period_end")["period"].to_list())
    heads = {p: parse_period(p).label(lang) for p in periods}
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for r in scores.iter_rows(named=True):
        ind = catalogue.get(r["indicator_code"])
        text = label(r, ind, lang) + (f" ({t('derived', lang).lower()})" if r.get("derived") else "")
        cells.setdefault((r["indicator_code"], r["status"]), {})[r["period"]] = text
    rows = []
    for (code, status), by_period in sorted(cells.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] != "actual")):
        name = f"{catalogue.get(code).name(lang)} ({code})"
        if status != "actual":
            name += f" ({t('status_' + status, lang)})"
        rows.append({t("col_score", lang): name, **{heads[p]: by_period.get(p, "") for p in periods}})
    return pl.DataFrame(rows, schema={t("col_score", lang): pl.String, **{heads[p]: pl.String for p in periods}})


def score_sources(scores: pl.DataFrame, lang: str = "vi") -> list[str]:
    """Each distinct source of the scores, as a line: "Nguồn: <author> — <title>, <publisher> (CC0)"; a figure
    carried onto today's map gives how it was derived."""
    out: list[str] = []
    for r in scores.iter_rows(named=True):
        if r.get("source_kind") == "derived":
            line = f"{t('derived', lang)}: {(r.get('derivation') or '').split(' — ')[0]}"
        else:
            parts = [p for p in (r.get("source_author"), r.get("source_title")) if p]
            line = f"{t('source', lang)}: " + " — ".join(parts)
            if r.get("source_publisher") and r.get("source_publisher") not in (r.get("source_author") or ""):
                line += f", {r['source_publisher']}"
            if r.get("source_licence"):
                line += f" ({r['source_licence']})"
        if line not in out:
            out.append(line)
    return out[:5]
