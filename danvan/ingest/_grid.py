"""The grid every reader produces: rows of cells with each row's number in the file.

A cell is None (empty) or a string. Spreadsheet cells keep their type by subclassing str: a `Number` reads as
its plain machine text ("2024", "0.925") wherever text is expected (codes, years, header words), and carries the
number as the sheet shows it (a percent cell's percent) for the value columns, which must never re-read it with
the Vietnamese thousands rule. A `DateText` is a date cell ("2024-09-30"), a period but never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from danvan.grammar.values import format_number

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell; a longer CSV field is refused with its row and column


class Number(str):
    """A numeric spreadsheet cell. `value`: the number as shown (92.5 for a 0.925 cell formatted 0.00%)."""

    value: float
    percent: bool
    decimals: int | None

    def __new__(cls, number: float, percent: bool = False, decimals: int | None = None) -> Number:
        number = float(number)
        if number.is_integer() and abs(number) < 1e16:  # most cells: a whole number, no Decimal needed
            self = super().__new__(cls, str(int(number)))
            self.value = number * 100 if percent else number
        else:
            exact = Decimal(repr(number))
            self = super().__new__(cls, _plain(exact))
            self.value = float(exact * 100) if percent else number
        self.percent, self.decimals = percent, decimals
        return self

    @property
    def shown(self) -> str:
        """The text the sheet shows, in Vietnamese format ("92,5%", "2.500", "12,345"): for raw_text only."""
        places = self.decimals
        if places is None:
            places = max(0, -Decimal(repr(self.value)).normalize().as_tuple().exponent)
        return format_number(self.value, min(places, 15)) + ("%" if self.percent else "")


class DateText(str):
    """A date cell, as ISO text: a period column reads it; a value column refuses it."""


def _plain(number: Decimal) -> str:
    """Shortest text that round-trips, never in exponent form: 2500.0 → "2500", 1e-07 → "0.0000001"."""
    if number == number.to_integral_value() and abs(number) < Decimal("1e16"):
        return str(int(number))
    return format(number.normalize(), "f")


@dataclass
class Grid:
    """Rows of stripped, NFC, non-empty-or-None cells, with each row's number in the file."""

    rows: list[list[str | None]]
    row_nos: list[int]
    sheet: str | None = None          # the sheet's name (workbooks only)
    strict_width: bool = False        # text files: a record longer than its header is an error, not a note
    notes: list[str] = field(default_factory=list)


def letter(j: int) -> str:
    """Spreadsheet column letter of a 0-based column: 0 → A, 27 → AB."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out
