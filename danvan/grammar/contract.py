"""The column contract of a return: the canonical columns a reader produces and a batch carries into the store.

Shared by the reader (which maps a file's headers onto COLUMNS), the checks and the store (INCOMING_SCHEMA).
"""

from __future__ import annotations

import polars as pl

REQUIRED = ("unit_code", "indicator_code", "period", "value")
OPTIONAL = ("numerator", "denominator", "qualifier", "status", "note", "source", "province", "district")
COLUMNS = REQUIRED + OPTIONAL

# How each canonical column is named in messages (Vietnamese first).
COLUMN_LABELS = {
    "unit_code": "Mã đơn vị", "indicator_code": "Mã chỉ tiêu", "period": "Kỳ báo cáo", "value": "Giá trị",
    "numerator": "Tử số", "denominator": "Mẫu số", "qualifier": "Dấu so sánh", "status": "Trạng thái",
    "note": "Ghi chú", "source": "Nguồn", "province": "Tỉnh", "district": "Huyện",
}
# province, district: the row's context, read from unit columns coarser than the row's unit; names resolve within.

# The longest note and source a figure may carry, in characters: a note is a sentence or a short paragraph, a
# source a document's title and number; anything longer is a pasted document or a broken file, refused by name.
TEXT_LIMITS = {"note": 2000, "source": 500}

# Columns a batch carries into the store (the rest are filled on commit).
INCOMING_SCHEMA: dict[str, pl.DataType] = {
    "unit_key": pl.String, "indicator_code": pl.String, "period": pl.String, "period_kind": pl.String,
    "period_start": pl.Date, "period_end": pl.Date, "period_approximate": pl.Boolean,
    "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64,
    "value_low": pl.Float64, "value_high": pl.Float64, "qualifier": pl.String, "status": pl.String,
    "raw_text": pl.String, "quote": pl.String, "note": pl.String,
    "source_text": pl.String,  # the return's own "Nguồn" for this figure (observations.source_text)
}
