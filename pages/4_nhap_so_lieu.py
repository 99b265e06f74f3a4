"""Nhập số liệu: upload returns, see what would change, commit all or nothing, audit and undo.

Every string that came from a file or a user (file names, header cells quoted in notes, error messages that
quote them, user names) goes through `plain` before a Markdown-rendering element; tables show text as is.
Data entry staff and above only; the uploader is the signed-in user, and only their scope is shown and accepted."""

import hashlib

import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.grammar.periods import MOMENT_FORMAT, PeriodError, parse_period
from danvan.ingest.importer import FilePlan, problems_frame, report_lines
from danvan.ingest.limits import LimitError
from danvan.ingest.reader import ReadError
from danvan.present.sheets import problems_workbook
from ui.auth import require, role_name, scope_name
from ui.controls import lang
from ui.page import ensure_navigation
from ui.store import query, reading, unit_index
from ui.template import template_section
from ui.text import plain
from ui.upload import (
    commit_done,
    commit_once,
    confirm_again,
    earlier_uploads,
    history_in_scope,
    left_out,
    plan_upload,
    sheet_preview,
    undo_section,
    where_rows_went,
)

ensure_navigation()
L = lang()
st.header(t("page_upload", L))
user = require("upload", L)
st.caption(t("upload_intro", L))
st.info(t("upload_as", L, name=plain(user.display_name or user.username), role=role_name(user, L),
          scope=plain(scope_name(user.scope_key, L))))
template_section(L)

# 1/ Controls
default_period = st.text_input(t("default_period", L), key="default_period", help=t("default_period_help", L))
if default_period:
    try:
        default_period = parse_period(default_period).canonical
    except PeriodError as exc:
        st.error(t("bad_period", L, why=plain(exc)))
        st.stop()
within = st.text_input(t("within", L), key="within", help=t("within_help", L)).strip()
source = st.text_input(t("source_box", L), key="source_box", help=t("source_box_help", L)).strip()
files = st.file_uploader(t("files", L), type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls"],
                         accept_multiple_files=True, key="files")

# 2/ Read and check every file (without the sheets left out), with progress; nothing is written here
plans: list[FilePlan] = []
unreadable = False
signature: list[tuple] = [(default_period, within, source)]  # what a commit would write; a new one re-arms the button
if files:
    progress = st.progress(0.0)
    with reading(L) as cursor:  # the previews' staging tables are private to this cursor
        for i, f in enumerate(files, start=1):
            progress.progress((i - 1) / len(files), text=t("reading", L, name=plain(f.name), i=i, n=len(files)))
            data = f.getvalue()
            sha256 = hashlib.sha256(data).hexdigest()
            signature.append((getattr(f, "file_id", f.name), sha256, left_out(sha256)))
            try:
                plans.append(plan_upload(cursor, data, f.name, sha256, default_period=default_period or None,
                                         index=unit_index(), within=within or None, source=source or None))
            except (ReadError, LimitError) as exc:
                st.error(plain(exc))
                unreadable = True
    progress.progress(1.0, text="✓")
done = commit_done(tuple(signature))
earlier = earlier_uploads(plans) if plans and not done else {}

# 3/ Preview: sheets, counts, rejected rows with reasons, revisions as a diff; the same bytes again asks first
confirmed = True
for plan in plans:
    s = plan.summary
    with st.container(border=True):
        st.subheader(plain(plan.file_name))
        confirmed &= confirm_again(plan, earlier.get(plan.sha256), L)
        sheet_preview(plan, L)
        cols = st.columns(4)
        cols[0].metric(t("rows_new", L), s.new)
        cols[1].metric(t("rows_revised", L), s.revised)
        cols[2].metric(t("rows_unchanged", L), s.unchanged)
        cols[3].metric(t("rows_rejected", L), plan.rows_rejected)
        st.caption(" · ".join(plain(note) for note in plan.read.notes))
        if plan.check.problems.height:
            st.markdown(f"**{t('rejected_rows', L)}**")
            st.dataframe(plan.check.problems.select(
                pl.col("row_no").alias(t("col_row", L)), pl.col("column").alias(t("col_column", L)),
                pl.col("text").alias(t("col_text", L)), pl.col("message").alias(t("col_message", L))),
                hide_index=True, key=f"problems_{plan.sha256}")
            st.download_button(t("download_problems", L), problems_workbook(plan.check.problems, plan.file_name),
                               file_name=f"loi-{plan.file_name}.xlsx", key=f"dl_{plan.sha256}",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if s.revised:
            st.markdown(f"**{t('revisions', L)}**")
            st.dataframe(s.revisions.select(
                pl.col("unit_key").alias(t("col_unit", L)), pl.col("indicator_code").alias(t("indicator", L)),
                pl.col("period").alias(t("period", L)), pl.col("status").alias(t("status", L)),
                pl.col("prev_raw_text").alias(t("col_old", L)), pl.col("raw_text").alias(t("col_new", L))),
                hide_index=True, key=f"revisions_{plan.sha256}")
        where_rows_went(plan, L)
        with st.expander(t("report", L)):
            st.code("\n".join(report_lines(plan)), language=None)

# 4/ Commit all or nothing, once
if plans:
    why = None
    if not confirmed:
        why = t("need_duplicate_confirm", L)
    if any(not p.ok for p in plans) or unreadable:
        why = t("has_errors", L)
    commit_once(plans, tuple(signature), user, why, L)
    if len(plans) > 1 and any(p.check.problems.height for p in plans):
        st.download_button(t("download_problems", L), problems_workbook(problems_frame(plans), "tat-ca"),
                           file_name="loi-tat-ca.xlsx", key="dl_all")
if "last_commit" in st.session_state:
    st.success(st.session_state["last_commit"])

# 5/ Audit trail and undo (asks first, then says what it undid); times as people write them, dd/mm/yyyy HH:MM
st.subheader(t("history", L))
history = history_in_scope(query("upload_history", limit=200), user)
st.dataframe(history.select(
    pl.col("upload_id").alias(t("col_upload", L)), pl.col("file_name").alias(t("col_file", L)),
    pl.col("uploaded_by").alias(t("col_by", L)), pl.col("uploaded_at").dt.strftime(MOMENT_FORMAT).alias(t("col_at", L)),
    pl.col("rows_new").alias(t("rows_new", L)), pl.col("rows_revised").alias(t("rows_revised", L)),
    pl.col("rows_unchanged").alias(t("rows_unchanged", L)), pl.col("rows_current").alias(t("col_current", L)),
    pl.col("undone_at").dt.strftime(MOMENT_FORMAT).fill_null("").alias(t("col_undone", L)),
    pl.col("undone_by").fill_null("").alias(t("undo", L)),
    pl.col("sha256").str.slice(0, 12).alias(t("col_sha", L)),
    (pl.col("size_bytes") / 1000).round(1).alias(t("col_size_kb", L))), hide_index=True, key="history",
    column_config={t("col_size_kb", L): st.column_config.NumberColumn(format="%.1f")})
undo_section(history, user, L)
