"""Text normalisation shared by every lookup: NFC for storage, folded keys for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
    if len(text) <= _CACHED_LENGTH:  # header words, names and codes repeat: folded once each
        return _fold_cached(str(text))
    return _fold(text)


def _fold(text: str) -> str:
    return _SPACES.sub(" ", strip_accents(nfc(text)).lower()).strip()


_CACHED_LENGTH = 200  # longer texts (notes, hostile cells) are folded each time, never kept
_fold_cached = lru_cache(maxsize=1 << 16)(_fold)


def key(text: str) -> str:
    """Compact matching key: folded and without spaces or punctuation ("Bạc Liêu" → "baclieu")."""
    return _NON_ALNUM.sub("", fold(text))


# Characters a unit name may hold besides Latin letters (with Vietnamese marks) and digits.
_NAME_PUNCTUATION = set(" .,-–—_'’()/&")


def ascii_digits(text: str) -> str:
    """Any Unicode decimal digit (full-width "１２３", Arabic-Indic…) as its ASCII digit; other text unchanged.
    Signs that only look like digits (a superscript "²") are not decimal digits and stay as they are."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def foreign_characters(text: str) -> list[str]:
    """Characters that cannot be part of a Vietnamese or Latin name: Cyrillic or Greek look-alikes, zero-width
    and other invisible characters. A name holding one is unknown, never silently shortened."""
    odd = []
    for ch in nfc(text):
        if ch.isspace() and ch in " \t" or ch in _NAME_PUNCTUATION or ch.isascii() and ch.isalnum():
            continue
        category = unicodedata.category(ch)
        if category.startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            continue
        if category == "Mn" and "COMBINING" in unicodedata.name(ch, ""):
            continue  # a tone mark NFC could not compose
        odd.append(ch)
    return odd


def describe_character(ch: str) -> str:
    """'у' (U+0443 CYRILLIC SMALL LETTER U): how a refusal names an odd character."""
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'ký tự không tên')})"
