"""Dân vận Dashboard: page set-up and navigation only."""

import streamlit as st

from danvan.i18n import t
from ui.controls import lang, language_switch
from ui.store import connection

st.set_page_config(page_title="Dân vận Dashboard", page_icon="🇻🇳", layout="wide")
language = lang()
connection()  # creates and seeds the embedded store on first run
st.sidebar.title(t("app_title", language))
st.sidebar.caption(t("app_caption", language))
language_switch()

pages = [
    st.Page("pages/1_tong_quan.py", title=t("page_overview", language), url_path="tong-quan", default=True),
    st.Page("pages/2_so_sanh.py", title=t("page_compare", language), url_path="so-sanh"),
    st.Page("pages/3_ho_so.py", title=t("page_profile", language), url_path="ho-so"),
    st.Page("pages/4_nhap_so_lieu.py", title=t("page_upload", language), url_path="nhap-so-lieu"),
]
st.navigation(pages).run()
