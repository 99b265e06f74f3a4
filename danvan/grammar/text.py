"""Text normalisation shared by every lookup: NFC for storage, folded keys for matching."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Store text in NFC: Windows-1258 and macOS produce decomposed tone marks."""
    return unicodedata.normalize("NFC", text)


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics (đ → d), keeping case and spacing."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text: the form all grammars match against."""
    return _SPACES.sub(" ", strip_accents(nfc(text)).lower()).strip()


def key(text: str) -> str:
    """Compact matching key: folded and without spaces or punctuation ("Bạc Liêu" → "baclieu")."""
    return _NON_ALNUM.sub("", fold(text))
