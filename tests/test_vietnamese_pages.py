"""Every page, in Vietnamese, shows no English identifier, raw code or ISO timestamp (issue 13).

Each page runs under AppTest on the seeded store (plus one upload, so the upload history has rows). What a reader
sees is collected: headings, text, captions, messages, widget labels and their shown options, table headers and
cells. Those are checked against the patterns of what leaked before: snake_case column names (`unit_name`,
`source_title`, `is_default`), English values (`actual`, `province`, `None`, `True`), unit keys (`old:95`) and ISO
timestamps (`2026-11-24 10:03:00`).
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from danvan.ingest.importer import commit, plan_bytes
from danvan.store import db
from tests.actors import admin

PAGES = {
    "1_tong_quan.py": {}, "2_so_sanh.py": {"indicator": "NTM_XA"}, "3_ho_so.py": {"unit": "old:70"},
    "4_nhap_so_lieu.py": {}, "5_ban_do.py": {"indicator": "NTM_XA", "era": "old"}, "6_quan_tri_ban_do.py": {},
    "7_chuyen_doi.py": {},
}
LEAKS = {
    "snake_case identifier": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "English value": re.compile(r"\b(None|nan|NaN|True|False|actual|expected|target|province|district|commune|"
                                r"whole|area_estimate|official|reported|today)\b"),
    "unit key": re.compile(r"\b(old|new):\d{2,5}\b"),
    "ISO timestamp": re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"),
}


@pytest.fixture(scope="module")
def store(seeded_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("vietnamese") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as con:
        plan = plan_bytes(con, b"unit_code,indicator_code,period,value\n96,TCD_DOAN,2019,57\n", "ca-mau.csv",
                          today=date(2026, 11, 24))
        commit(con, [plan], user=admin("Chị Lan"))
    return path


def shown_text(at: AppTest) -> list[str]:
    """Everything a reader of the page sees as text (the sidebar is app.py's and not run here)."""
    out: list[str] = []
    for kind in ("header", "subheader", "title", "markdown", "caption", "info", "warning", "success", "error",
                 "metric"):
        for element in getattr(at, kind):
            out += [str(getattr(element, "label", "") or ""), str(element.value)]
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for widget in getattr(at, kind):
            out.append(widget.label)
            out += [str(o) for o in widget.options]  # AppTest holds the options as shown (format_func applied)
    for kind in ("text_input", "checkbox", "toggle", "button", "file_uploader"):
        for widget in getattr(at, kind, []):
            out.append(str(widget.label))
    for frame in at.dataframe:
        value = frame.value
        out += [str(c) for c in value.columns]
        out += [str(v) for v in value.astype(str).to_numpy().ravel()]
    # Not seen as text: a link's target (`[Bản đồ](/ban_do?…&level=district)`) and `code` spans, which name what a
    # file must literally contain (the crosswalk CSV's `old_code` column).
    return [re.sub(r"\]\([^)]*\)|`[^`]*`", "", text) for text in out if text]


@pytest.mark.parametrize("name", PAGES)
def test_page_speaks_vietnamese(store, monkeypatch, name):
    monkeypatch.setenv("DANVAN_DB", str(store))
    at = AppTest.from_file(f"../pages/{name}", default_timeout=90)
    for k, v in PAGES[name].items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    texts = shown_text(at)
    assert texts, "nothing collected: the walker is broken"
    leaks = sorted({f"{what}: {m.group(0)!r} in {text[:80]!r}" for text in texts
                    for what, pattern in LEAKS.items() for m in pattern.finditer(text)})
    assert leaks == []
