"""How a deck and a report table name their sources and dates, written once for both."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from danvan.grammar.i18n import t
from danvan.grammar.periods import date_text

# A source as the view knows it: the document's title (or the upload's name) and its date, if any.
Source = tuple[str, date | None]

def source_text(source: Source, lang: str = "vi") -> str:
    """ "Báo cáo 15/BC-UBND (10/06/2024)"; an undated source says so rather than leaving the reader guessing."""
    title, day = source
    return f"{title} ({date_text(day, lang) if day else t('pub_undated', lang)})"


def unique_sources(sources: Sequence[Source]) -> list[Source]:
    """Each source once, in the order first named: a deck lists a document cited on five slides once."""
    return list(dict.fromkeys((str(title), day) for title, day in sources))
