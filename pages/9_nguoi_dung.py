"""Người dùng (administrators): every account with its role and scope; add one; change role, scope, password,
disable or enable. The core checks the actor again and audits every change."""

import duckdb
import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.grammar.periods import MOMENT_FORMAT
from danvan.store.accounts import AccountError, add_user, list_users, update_user
from danvan.store.authz import ROLES, Refused
from ui.auth import require, unit_choice
from ui.controls import lang
from ui.page import ensure_navigation
from ui.store import data_changed, reading, writing
from ui.text import plain

ensure_navigation()
L = lang()
st.header(t("page_users", L))
admin = require("users", L)
done = st.session_state.pop("users_done", None)  # set before the rerun that shows the change
if done:
    st.success(done)


def save(action, message: str) -> None:
    """Run one account change as the signed-in administrator; say what happened (nothing is written on a refusal)."""
    try:
        with writing(L) as cursor:
            action(cursor)
    except (AccountError, Refused, duckdb.Error) as exc:
        st.error(t("users_failed", L, why=plain(exc)))
        return
    data_changed()
    st.session_state["users_done"] = message
    st.rerun()


# 1/ Every account
with reading(L) as cursor:
    users = list_users(cursor)
roles = {r: t(f"role_{r}", L) for r in ROLES}
st.subheader(t("users_list", L))
st.dataframe(users.select(
    pl.col("username").alias(t("auth_username", L)), pl.col("display_name").alias(t("users_display_name", L)),
    pl.col("email").fill_null("").alias(t("users_email", L)),
    pl.col("role").replace_strict(roles, default=pl.col("role")).alias(t("users_role", L)),
    pl.col("scope_name").fill_null(t("scope_all", L)).alias(t("ov_scope", L)),
    pl.when(pl.col("disabled")).then(pl.lit(t("yes", L))).otherwise(pl.lit(t("no", L)))
    .alias(t("users_disabled", L)),
    pl.col("last_sign_in").dt.strftime(MOMENT_FORMAT).fill_null("").alias(t("users_last_sign_in", L))),
    hide_index=True, key="users_table")

# 2/ Add an account
with st.expander(t("users_add", L)), st.form("users_add_form", clear_on_submit=True):
    username = st.text_input(t("auth_username", L), key="ua_username").strip()
    name = st.text_input(t("users_display_name", L), key="ua_name").strip()
    email = st.text_input(t("users_email", L), key="ua_email").strip() or None
    role = st.selectbox(t("users_role", L), list(ROLES), format_func=roles.get, key="ua_role")
    scope = unit_choice(t("users_scope", L), "ua_scope", L, t("scope_all", L))
    password = st.text_input(t("auth_password", L), type="password", key="ua_password",
                             help=t("users_password_help", L)) or None
    if st.form_submit_button(t("users_add", L)):
        save(lambda c: add_user(c, username, role=role, scope_key=scope, display_name=name, password=password,
                                email=email, actor=admin), t("users_added", L, user=plain(username)))

# 3/ Change one
if users.height:
    st.subheader(t("users_change", L))
    who = st.selectbox(t("users_who", L), users["username"].to_list(), key="uc_user")
    row = users.filter(pl.col("username") == who).row(0, named=True)
    with st.form(f"users_change_{who}", clear_on_submit=True):  # per user: fields start from its values
        role = st.selectbox(t("users_role", L), list(ROLES), index=ROLES.index(row["role"]), format_func=roles.get,
                            key=f"uc_role_{who}")
        scope = unit_choice(t("users_scope", L), f"uc_scope_{who}", L, t("scope_all", L), current=row["scope_key"])
        disabled = st.checkbox(t("users_disable", L), value=row["disabled"], key=f"uc_disabled_{who}")
        password = st.text_input(t("auth_password", L), type="password", key=f"uc_password_{who}") or None
        if st.form_submit_button(t("users_save", L)):
            save(lambda c: update_user(c, who, role=role, scope_key=scope, disabled=disabled, password=password,
                                       actor=admin), t("users_saved", L, user=plain(who)))
