"""Text returns (CSV, TSV, Excel's "Unicode text"): decode without asking, find the delimiter, keep line numbers.

Local offices send UTF-8, UTF-16 (Excel's "Unicode text", tab separated) or Windows-1258. Bytes that are
almost UTF-8 but broken are reported where they break (line and column), never re-read as Windows-1258.
Row numbers are the physical line on which a record *starts*, as a text editor shows it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import sys
from collections.abc import Callable

from danvan.grammar.text import nfc
from danvan.grammar.values import format_number
from danvan.ingest._grid import Grid

SAMPLE_LINES = 60       # physical lines used to choose a text file's delimiter
DELIMITERS = {",": "dấu phẩy (,)", ";": "dấu chấm phẩy (;)", "\t": "dấu tab"}
ENCODING_NOTES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (có BOM)", "utf-16": "UTF-16 (Unicode text của Excel)",
                  "cp1258": "Windows-1258"}
# Fields are bounded by the upload size, not by the csv module's 128 KB default (whose English error named no
# column): an over-long cell is reported with its row and column against MAX_CELL_CHARS.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class TextError(ValueError):
    """The bytes are not readable text; the message is Vietnamese and names the place."""


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"dòng {line}, ký tự thứ {column}"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOM, then UTF-16 without BOM (many NULs), strict UTF-8, then Windows-1258 for bytes that
    hold no UTF-8 sequence at all. One NUL or one broken UTF-8 sequence is named by its line and column."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data.decode("utf-8-sig"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
        sample = data[:4096]
        if sample.count(0) > len(sample) // 10:  # text never has NULs; UTF-16 has one per ASCII character
            odd, even = sample[1::2].count(0), sample[0::2].count(0)  # ASCII in UTF-16 LE: NUL at odd offsets
            return data.decode("utf-16-le" if odd >= even else "utf-16-be"), "utf-16"
    except UnicodeDecodeError as exc:
        raise TextError(f"mã hóa UTF-16 bị lỗi ở byte {format_number(exc.start)}.") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        lenient = data.decode("utf-8", errors="replace")
        if sum(ord(ch) > 127 and ch != "\ufffd" for ch in lenient) > lenient.count("\ufffd"):
            before = data[: exc.start].decode("utf-8", errors="replace")
            raise TextError(f"tệp là UTF-8 nhưng có byte không hợp lệ (0x{data[exc.start]:02X}) ở "
                            f"{_where(before, len(before))}. Hãy mở tệp, sửa ký tự lỗi ở chỗ đó rồi lưu lại "
                            "dạng CSV UTF-8.") from exc
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise TextError("không phải tệp văn bản CSV (UTF-8, UTF-16 hay Windows-1258) cũng không phải tệp "
                        "Excel.") from exc


def check_characters(text: str) -> None:
    """A NUL or other control character has no place in a return: name the first one's line and column."""
    nul = text.find("\x00")
    if nul >= 0:
        raise TextError(f"có ký tự NUL (byte 0) ở {_where(text, nul)}: tệp hỏng hoặc không phải tệp văn bản.")
    head = text[:4096]
    if sum(ch < " " and ch not in "\t\r\n" for ch in head) > len(head) // 100:
        raise TextError("không phải tệp văn bản CSV cũng không phải tệp Excel.")


def records(text: str, delimiter: str) -> tuple[list[list[str | None]], list[int]]:
    """CSV records with the physical line each starts on; cells stripped, "" → None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows: list[list[str | None]] = []
    starts: list[int] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        rows.append([cell.strip() or None for cell in record])
        starts.append(start)
    return rows, starts


def _consistency(rows: list[list[str | None]]) -> int:
    """How many rows share the most common non-zero field count: the shape of a real table."""
    counts: dict[int, int] = {}
    for row in rows:
        if len(row) > 1:
            counts[len(row)] = counts.get(len(row), 0) + 1
    return max(counts.values(), default=0)


def read_text(data: bytes, score: Callable[[Grid], int]) -> tuple[str, str, str, list[str]]:
    """(NFC text, encoding, delimiter, notes). The delimiter is the one under which a header is found best
    (`score`), then the one giving the most rows of one width."""
    text, encoding = decode(data)
    check_characters(text)
    # Windows-1258 (and macOS) produce decomposed tone marks; NFC once for the whole text. Delimiters and
    # quotes are ASCII and never compose with a following mark, so this equals normalising every cell.
    text = nfc(text)
    sample = "".join(itertools.islice(io.StringIO(text, newline=""), SAMPLE_LINES))
    best: tuple[int, int] | None = None
    delimiter = ","
    for candidate in DELIMITERS:
        rows, starts = records(sample, candidate)
        found = (score(Grid(rows, starts)), _consistency(rows))
        if best is None or found > best:
            best, delimiter = found, candidate
    notes = [f"Mã hóa: {ENCODING_NOTES[encoding]}.", f"Dấu phân cách: {DELIMITERS[delimiter]}."]
    return text, encoding, delimiter, notes
