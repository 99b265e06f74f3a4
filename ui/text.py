"""Text that came from a file or a user, made safe to pass to Streamlit's Markdown-rendering elements.

Streamlit renders the body of st.markdown, st.caption, st.subheader, st.error/success/warning/info, st.progress's
text (and widget labels) as GitHub-flavoured Markdown with its own extensions. A file called
`[bấm](http://evil)**x**.csv` would otherwise show as a live link in bold. Two things are needed:

* Syntax: CommonMark lets any ASCII punctuation character be escaped with a backslash and then shows it
  literally, so every one is escaped (links, emphasis, `:red[…]`, `$…$` LaTeX, `<b>`, headings, lists).
  Line breaks and other whitespace runs become one space, so a header cell written on two lines cannot start
  a block.
* Text-node rewrites, which escapes cannot stop because they run on the text after parsing: GFM autolinks
  (`http://…`, `www.…`, `a@b.vn`), emoji and icon shortcodes (`:tada:`, `:material/home:`, `:streamlit:`) and
  Streamlit's arrows (` -> `, ` <= `…). An invisible WORD JOINER (U+2060) is put after each `:` and `@`, after a
  `www` before its dot and between the two characters of an arrow, so none of them matches; the text reads the
  same.
"""

from __future__ import annotations

import re
import string

JOINER = "\u2060"
_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACE = re.compile(r"\s+")
_BREAK = (
    (re.compile(r"([:@])"), r"\1" + JOINER),                       # autolinks, e-mail, :shortcodes:
    (re.compile(r"\b(www)(?=\.)", re.IGNORECASE), r"\1" + JOINER),  # www.example autolinks
    (re.compile(r"([<\-~>])(?=[\->=])"), r"\1" + JOINER),           # -> <- <-> -- >= <= ~= arrows
)


def plain(value: object) -> str:
    """`value` as text that Streamlit's Markdown shows exactly as written (on one line)."""
    text = _SPACE.sub(" ", str(value)).strip()
    for pattern, repl in _BREAK:
        text = pattern.sub(repl, text)
    return _PUNCT.sub(r"\\\1", text)
