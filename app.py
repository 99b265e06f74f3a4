"""Dân vận Dashboard: page set-up and navigation only."""

import streamlit as st

from danvan.grammar.i18n import t
from danvan.store.authz import allowed
from ui.auth import anonymous_read, current_user, sidebar, sign_in_panel
from ui.controls import lang, language_switch
from ui.page import compact_layout, default_page_alias, freeze_warm_heap, mark_navigation
from ui.store import store

language = lang()
# Streamlit's settable strings in the reader's language: the title, and the main menu's "About" (its "Get help" and
# "Report a bug" point to Streamlit's own forums, so they are dropped).
st.set_page_config(page_title=t("app_title", language), page_icon="🇻🇳", layout="wide",
                   menu_items={"Get help": None, "Report a bug": None, "About": t("app_about", language)})
compact_layout()
store()  # creates and seeds the embedded store on first run (accounts live there too)
user = current_user()
SIGN_IN = "dang_nhap"
pages = [
    st.Page("pages/1_tong_quan.py", title=t("page_overview", language), url_path="tong_quan", default=True),
    st.Page("pages/5_ban_do.py", title=t("page_map", language), url_path="ban_do"),
    st.Page("pages/2_so_sanh.py", title=t("page_compare", language), url_path="so_sanh"),
    st.Page("pages/3_ho_so.py", title=t("page_profile", language), url_path="ho_so"),
    st.Page("pages/7_chuyen_doi.py", title=t("page_crosswalk", language), url_path="chuyen_doi"),
    st.Page("pages/4_nhap_so_lieu.py", title=t("page_upload", language), url_path="nhap_so_lieu"),
    st.Page("pages/6_quan_tri_ban_do.py", title=t("page_boundaries", language), url_path="quan_tri_ban_do"),
]
if user is not None and allowed(user, "users"):  # administrators only; the pages check again
    pages += [st.Page("pages/9_nguoi_dung.py", title=t("page_users", language), url_path="nguoi_dung"),
              st.Page("pages/10_nhat_ky.py", title=t("page_audit", language), url_path="nhat_ky")]
pages.append(st.Page("pages/8_dang_nhap.py", title=t("page_sign_in", language), url_path=SIGN_IN))
# Page URLs match the file names (pages/2_so_sanh.py → /so_sanh): on a cold start Streamlit first routes
# by file name (see ui/page.py), and the same URL must then mean the same page.
default_page_alias("tong_quan")  # /tong_quan is the default page too (no "Page not found")
navigation = st.navigation(pages)
mark_navigation()
st.sidebar.title(t("app_title", language))
st.sidebar.caption(t("app_caption", language))
language_switch()
sidebar(user, language)
if user is None and not anonymous_read() and navigation.url_path != SIGN_IN:
    st.info(t("auth_prompt", language))  # nothing but the sign-in until signed in (anonymous reading is off)
    sign_in_panel(language)
else:
    navigation.run()
    freeze_warm_heap(navigation.url_path)  # after the page's caches are warm
