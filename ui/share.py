""""Sao chép liên kết": the exact view's URL (every control lives in it) to the clipboard, with a confirmation.

Streamlit has no clipboard call, so this is a tiny HTML page in `st.iframe`. The iframe may write the
clipboard (Streamlit grants `clipboard-write`) and read the page's address (same origin). On plain http outside
localhost the browser offers no clipboard API: the older copy command is tried, and if that fails too the link
is shown selected, so Ctrl+C copies it.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from danvan.grammar.i18n import t

_TEMPLATE = """<!doctype html><meta charset="utf-8">
<style>
 body {margin: 0; font-family: "Source Sans Pro", "Source Sans 3", "DejaVu Sans", sans-serif; font-size: 14px;
      display: flex; align-items: center;}
 button {font: inherit; height: 40px; padding: 0 0.75rem; border: 1px solid rgba(49, 51, 63, 0.2);
         border-radius: 0.5rem; background: #fff; color: #31333F; cursor: pointer; display: inline-flex;
         align-items: center; gap: 0.5rem;}
 button:hover {border-color: #b71c1c; color: #b71c1c;}
 span {margin-left: 0.6rem; color: #1b5e20;}
 input {width: 60%; margin-left: 0.6rem; font: inherit;}
</style>
<button id="copy" type="button"><svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path
 fill="currentColor" d="M3.9 12a3.1 3.1 0 0 1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12zM8 13h8v-2H8v2z
 m9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10z"/></svg>__LABEL__</button>
<span id="done" role="status" aria-live="polite"></span>
<script>
const texts = __TEXTS__;
function link() { return window.parent.location.href; }
function confirm(text) { document.getElementById("done").textContent = text; }
function manual(url) {
  const box = document.createElement("input");
  box.value = url; box.readOnly = true; box.setAttribute("aria-label", texts.manual);
  document.getElementById("done").replaceWith(box); box.focus(); box.select();
}
function fallback(url) {
  const area = document.createElement("textarea"); area.value = url; document.body.appendChild(area); area.select();
  let ok = false; try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
  area.remove(); if (ok) { confirm(texts.done); } else { manual(url); }
}
document.getElementById("copy").addEventListener("click", () => {
  const url = link();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(() => confirm(texts.done), () => fallback(url));
  } else { fallback(url); }
});
</script>"""


def copy_link_button(lang: str) -> None:
    """A button that copies the address of the view on screen, and says so."""
    texts = {"done": t("link_copied", lang), "manual": t("link_copy_manual", lang)}
    page = (_TEMPLATE.replace("__LABEL__", html.escape(t("copy_link", lang)))
            .replace("__TEXTS__", json.dumps(texts, ensure_ascii=False)))
    st.iframe(page, height=46)
