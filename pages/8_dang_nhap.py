"""Đăng nhập: the province's identity provider (when configured) or a built-in account; once signed in, who you are
and the way out. The only page a visitor sees while anonymous reading is off."""

import streamlit as st

from danvan.grammar.i18n import t
from ui.auth import current_user, role_name, scope_name, sign_in_panel, sign_out
from ui.controls import lang
from ui.page import ensure_navigation
from ui.text import plain

ensure_navigation()
L = lang()
st.header(t("page_sign_in", L))
user = current_user()
if user is None:
    sign_in_panel(L)
else:
    st.success(t("auth_welcome", L, name=plain(user.display_name or user.username)))
    st.caption(t("auth_role_scope", L, role=role_name(user, L), scope=plain(scope_name(user.scope_key, L))))
    if st.button(t("auth_sign_out", L), key="auth_sign_out_page"):
        sign_out(user)
