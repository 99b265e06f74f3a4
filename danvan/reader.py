"""Read a return file into a frame of strings with the file's own row numbers (1 = first line)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl


class ReadError(RuntimeError):
    """The file cannot be read at all (exit code 2 on the CLI)."""


@dataclass
class ReadResult:
    rows: pl.DataFrame          # string columns named canonically + row_no
    default_period: str | None  # from a "Kỳ báo cáo:" line, when the sheet has one
    layout: str                 # "long" | "wide"


def read_long_csv(data: bytes, name: str) -> ReadResult:
    """Long CSV, UTF-8 (with or without BOM), comma separated."""
    try:
        text = data.decode("utf-8-sig")
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    except (UnicodeDecodeError, pl.exceptions.PolarsError) as exc:
        raise ReadError(f'Không đọc được tệp "{name}": {exc}') from exc
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    return ReadResult(frame.with_row_index("row_no", offset=2), None, "long")


def read_file(path: str | Path) -> ReadResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f'Không mở được tệp "{path}": {exc.strerror}') from exc
    return read_long_csv(data, path.name)
