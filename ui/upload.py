"""Upload page blocks: per-sheet preview and sheets left out, where each row went, a commit pressed at most once,
a question before committing the same bytes again, undo with confirmation. File and user text is shown as text.
The signed-in user acts: the core refuses (Refused) what their role or scope does not allow, naming the rows."""

from __future__ import annotations

import duckdb
import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.grammar.periods import PeriodError, moment_text
from danvan.ingest.importer import FilePlan, StaleError, UndoError, commit, plan_bytes, report_frame, undo_upload
from danvan.present.sheets import frame_to_csv
from danvan.store.access import StoreBusy
from danvan.store.authz import Refused, User, allowed, scope_units
from danvan.store.revisions import InvariantError
from ui.labels import period_name
from ui.store import data_changed, query, reading, unit_index, writing
from ui.text import plain


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
        pl.format("row_{}", "status").replace_strict(
            {f"row_{k}": t(f"row_{k}", L) for k in ("accepted", "rejected", "not_reported")})
        .alias(t("col_check", L)),
        pl.col("problem").alias(t("col_problem", L))),
        hide_index=True, key=f"report_{plan.sha256}")
    st.download_button(t("download_report", L), frame_to_csv(report), file_name=f"bao-cao-{plan.file_name}.csv",
                       mime="text/csv", key=f"dl_report_{plan.sha256}")


# --------------------------------------------------------------------------------------------- sheets

def _leave_out_key(sha256: str) -> str:
    return f"leave_out_{sha256}"


def left_out(sha256: str) -> tuple[str, ...]:
    """The sheets the user chose to leave out of this file (the multiselect's value from the previous run)."""
    return tuple(st.session_state.get(_leave_out_key(sha256), ()))


def plan_upload(cursor: duckdb.DuckDBPyConnection, data: bytes, name: str, sha256: str, **options: object) -> FilePlan:
    """`plan_bytes` without the sheets the user left out (ReadError / LimitError pass through)."""
    return plan_bytes(cursor, data, name, leave_out=left_out(sha256), **options)


def _period_label(period: str | None, L: str) -> str | None:
    if not period:
        return None
    try:
        return period_name(period, L)
    except PeriodError:
        return period


def sheet_preview(plan: FilePlan, L: str) -> None:
    """A workbook of several sheets: what each sheet gave, and a choice of sheets to leave out (not checked, not
    committed). Sheet names, periods and notes are file text: shown in a table, never as Markdown."""
    sheets = plan.read.sheets
    key = _leave_out_key(plan.sha256)
    chosen = list(st.session_state.get(key, ()))
    if len(sheets) < 2 and not chosen:
        return
    names = [s.name for s in sheets]
    gone = [n for n in chosen if n not in names]  # a reader that drops left-out sheets from its result
    layouts = {k: t(f"layout_{k}", L) for k in ("long", "wide", "down")}
    rows = [{
        t("col_sheet", L): s.name,
        t("col_layout", L): layouts.get(s.layout, s.layout) if s.layout else t("layout_none", L),
        t("period", L): _period_label(s.period, L),
        t("col_reporting_unit", L): s.unit,
        t("col_cells_read", L): 0 if s.name in chosen else s.records,
        t("col_notes", L): " ".join(([t("sheet_left_out", L)] if s.name in chosen else []) + list(s.notes)),
    } for s in sheets] + [{
        t("col_sheet", L): n, t("col_layout", L): None, t("period", L): None, t("col_reporting_unit", L): None,
        t("col_cells_read", L): 0, t("col_notes", L): t("sheet_left_out", L)} for n in gone]
    st.markdown(f"**{t('sheets_read', L)}**")
    st.dataframe(pl.DataFrame(rows, schema={k: pl.Int64 if k == t("col_cells_read", L) else pl.String
                                            for k in rows[0]}),
                 hide_index=True, key=f"sheets_{plan.sha256}")
    st.multiselect(t("leave_out_sheets", L), names + gone, key=key, help=t("leave_out_help", L),
                   placeholder=t("choose", L))


# --------------------------------------------------------------------------------------------- same file again

def earlier_uploads(plans: list[FilePlan]) -> dict[str, dict]:
    """sha256 → the latest upload of the same bytes that is not undone."""
    found = query("uploads_by_sha256", sha256s=sorted({p.sha256 for p in plans}))
    latest: dict[str, dict] = {}
    for row in found.iter_rows(named=True):  # newest first
        latest.setdefault(row["sha256"], row)
    return latest


def confirm_again(plan: FilePlan, earlier: dict | None, L: str) -> bool:
    """A file committed before (same bytes) asks before it is committed again; True when it may be committed."""
    if earlier is None:
        return True
    st.warning(t("duplicate_file", L, at=moment_text(earlier["uploaded_at"], "?"), by=plain(earlier["uploaded_by"]),
                 id=earlier["upload_id"]))
    return st.checkbox(t("duplicate_confirm", L), key=f"again_{plan.sha256}")


# --------------------------------------------------------------------------------------------- commit once

def _press(signature: tuple) -> None:
    st.session_state["commit_pressed"] = signature


def commit_once(plans: list[FilePlan], signature: tuple, user: User, why: str | None, L: str) -> None:
    """The commit button, pressed at most once per set of plans.

    The press is recorded in a callback (before the rerun it causes), so the run that commits already draws the
    button disabled ("Đang ghi…"); the write is marked started before it begins, so a second click or a rerun
    that arrives while it runs never writes again. A new set of files (or choices) is a new signature.
    """
    state = st.session_state
    if "stale" in state:  # the last press found the store changed: the preview above is the new diff
        st.warning(state.pop("stale"))
    written = state.get("commit_written") == signature
    if why is not None:
        state.pop("commit_pressed", None)  # a press that reached a blocked button is forgotten, not kept for later
    pressed = state.get("commit_pressed") == signature
    if why and not written:
        st.warning(t("commit_blocked", L, why=why))
    label = t("committed_button", L) if written else t("committing", L) if pressed else t("commit", L)
    st.button(label, type="primary", disabled=why is not None or pressed or written, key="commit",
              on_click=_press, args=(signature,))
    if pressed and not written:
        state["commit_written"] = signature
        try:
            with writing(L) as cursor:
                ids = commit(cursor, plans, user=user)
        except StaleError as exc:  # a colleague wrote meanwhile: preview again, with the new diff
            del state["commit_written"], state["commit_pressed"]
            state["stale"] = plain(exc)
            st.rerun()
        except Refused as exc:  # rows of units outside the user's scope: named, nothing written
            del state["commit_written"], state["commit_pressed"]
            st.error(t("refused", L, why=plain(exc)))
            return
        except (ValueError, duckdb.Error, StoreBusy, InvariantError) as exc:  # rolled back: nothing was written
            del state["commit_written"], state["commit_pressed"]
            st.error(t("commit_failed", L, why=plain(exc)))
            return
        data_changed()
        state["last_commit"] = t(
            "committed", L, n=len(ids), ids=", ".join(f"#{i}" for i in ids),
            new=sum(p.summary.new for p in plans), revised=sum(p.summary.revised for p in plans))
        st.rerun()  # redraw the preview and history from the store as it is now


def commit_done(signature: tuple) -> bool:
    """These plans were committed in this session (the page then stops asking about the same bytes)."""
    return st.session_state.get("commit_written") == signature


# --------------------------------------------------------------------------------------------- history, undo

def history_in_scope(history: pl.DataFrame, user: User) -> pl.DataFrame:
    """The uploads a scoped user may see: their own, and those whose units all lie in their scope."""
    if user.scope_key is None:
        return history
    with reading() as cursor:
        units = scope_units(cursor, user.scope_key) or set()
    inside = [r["upload_id"] for r in query("upload_units", limit=history.height).iter_rows(named=True)
              if set(r["unit_keys"]) <= units]
    return history.filter(pl.col("upload_id").is_in(inside) | (pl.col("uploaded_by") == user.username))


def undo_section(history: pl.DataFrame, user: User, L: str) -> None:
    """Choose an upload, see what undoing it will do, confirm; then say what was undone. Data entry staff are offered
    their own uploads; approvers every upload shown (the core refuses one outside their scope)."""
    state = st.session_state
    open_uploads = history.filter(pl.col("undone_at").is_null())
    if not allowed(user, "undo_any"):
        open_uploads = open_uploads.filter(pl.col("uploaded_by") == user.username)
    if open_uploads.height:
        left, right = st.columns([3, 1])
        target = left.selectbox(t("undo", L), open_uploads["upload_id"].to_list(), format_func=lambda i: f"#{i}",
                                key="undo_id")
        if right.button(t("undo_button", L), key="undo"):
            state["undo_asked"] = target
            state.pop("last_undo", None)
        if state.get("undo_asked") == target:
            row = open_uploads.filter(pl.col("upload_id") == target).row(0, named=True)
            st.warning(t("undo_ask", L, id=target, file=plain(row["file_name"]), by=plain(row["uploaded_by"]),
                         at=moment_text(row["uploaded_at"], "?"), new=row["rows_new"], revised=row["rows_revised"]))
            yes, no = st.columns([1, 3])
            if yes.button(t("undo_confirm", L), type="primary", key="undo_confirm"):
                del state["undo_asked"]
                try:
                    with writing(L) as cursor:
                        undo_upload(cursor, target, user=user)
                except (Refused, UndoError, StoreBusy, InvariantError, duckdb.Error) as exc:
                    st.error(plain(exc))
                else:
                    data_changed()
                    state["last_undo"] = t("undone_detail", L, id=target, file=plain(row["file_name"]),
                                           new=row["rows_new"], revised=row["rows_revised"])
                    st.rerun()
            if no.button(t("undo_cancel", L), key="undo_cancel"):
                del state["undo_asked"]
                st.rerun()
    if "last_undo" in state:
        st.success(state["last_undo"])
