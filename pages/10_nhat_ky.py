"""Nhật ký (administrators): who did what and when — uploads, undos, boundary and crosswalk loads, account changes
and sign-ins — newest first, filterable by user, unit and action. Read fresh on every run (not cached): a sign-in
elsewhere is a new line."""

import polars as pl
import streamlit as st

from danvan.grammar.i18n import keys, t
from danvan.grammar.periods import MOMENT_FORMAT
from danvan.store import db
from danvan.store.accounts import list_users
from ui.auth import require, unit_choice
from ui.controls import lang
from ui.page import ensure_navigation
from ui.store import reading

LIMIT = 500
WORDS = set(keys())

ensure_navigation()
L = lang()
st.header(t("page_audit", L))
require("users", L)
anything = t("audit_any", L)


def action_name(action: str) -> str:
    """The action in words (an action this page does not know yet is shown as recorded)."""
    return t(f"audit_do_{action}", L) if f"audit_do_{action}" in WORDS else action


with reading(L) as cursor:
    usernames = list_users(cursor)["username"].to_list()
    actions = sorted(set(db.run(cursor, "audit_log", username=None, unit_key=None, action=None, limit=LIMIT)["action"]))
left, middle, right = st.columns(3)
username = left.selectbox(t("users_who", L), [""] + usernames, format_func=lambda u: u or anything, key="au_user")
action = middle.selectbox(t("audit_action", L), [""] + actions, format_func=lambda a: action_name(a) if a else anything,
                          key="au_action")
with right:
    unit = unit_choice(t("audit_unit", L), "au_unit", L, anything)
with reading(L) as cursor:
    log = db.run(cursor, "audit_log", username=username or None, unit_key=unit, action=action or None, limit=LIMIT)
if not log.height:
    st.info(t("audit_none", L))
    st.stop()
st.dataframe(log.select(
    pl.col("at").dt.strftime(MOMENT_FORMAT).alias(t("col_at", L)),
    pl.col("username").fill_null("").alias(t("users_who", L)),
    pl.col("display_name").fill_null("").alias(t("users_display_name", L)),
    pl.col("action").map_elements(action_name, return_dtype=pl.String).alias(t("audit_action", L)),
    pl.col("unit_names").list.join(", ").fill_null("").alias(t("audit_unit", L)),
    pl.col("upload_id").alias(t("col_upload", L)), pl.col("file_name").fill_null("").alias(t("col_file", L)),
    pl.col("detail").fill_null("").alias(t("audit_detail", L))), hide_index=True, key="audit_table")
