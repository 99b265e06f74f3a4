"""Upload page blocks: where each row of a checked file went (the unit it resolved to), as a table and a CSV."""

from __future__ import annotations

import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.ingest.importer import FilePlan, report_frame
from danvan.present.sheets import frame_to_csv
from ui.store import unit_index


def where_rows_went(plan: FilePlan, L: str) -> None:
    """Every record with the unit it resolved to (full name and parent), filterable to name matches; as CSV too."""
    report = report_frame(plan, unit_index())
    st.markdown(f"**{t('where_rows_went', L)}**")
    shown = report
    if st.toggle(t("only_by_name", L), key=f"by_name_{plan.sha256}"):
        shown = report.filter(pl.col("matched_by").is_in(["name", "alias"]))
    words = {f"matched_{k}": t(f"matched_{k}", L) for k in ("code", "name", "alias")}
    st.dataframe(shown.select(
        pl.col("row").alias(t("col_row", L)), pl.col("unit_text").alias(t("col_unit_text", L)),
        pl.col("unit_code").alias(t("col_unit_code", L)), pl.col("unit_name").alias(t("col_unit_name", L)),
        pl.col("parent_name").alias(t("col_parent", L)),
        pl.format("matched_{}", "matched_by").replace_strict(words, default=None).alias(t("col_matched_by", L)),
        pl.col("indicator_code").alias(t("indicator", L)), pl.col("period").alias(t("period", L)),
        pl.col("value").alias(t("value", L)),
        pl.format("row_{}", "status").replace_strict({f"row_{k}": t(f"row_{k}", L) for k in ("accepted", "rejected")})
        .alias(t("col_check", L)),
        pl.col("problem").alias(t("col_problem", L))),
        hide_index=True, key=f"report_{plan.sha256}")
    st.download_button(t("download_report", L), frame_to_csv(report), file_name=f"bao-cao-{plan.file_name}.csv",
                       mime="text/csv", key=f"dl_report_{plan.sha256}")
