"""Load every figure of the seed documents (data/seeds/documents.yml) through the same checks as uploads.

Each document is applied once per version (table seed_versions). Its version is the sha256 of its entry (the
parsed YAML entry as canonical JSON, keys sorted, so comments, layout and key order do not count) together with
the sha256 of its text in data/seeds/texts/: changing a figure, a quote, a title or the text makes a new version;
there is no version number to remember to bump. So `init` (every `make run`) stages nothing while the documents
are those already applied.

A new version adds the figures that are new and revises figures the document itself wrote in an earlier version.
It never overwrites a figure whose current row came from an upload (staff corrected it) or from another source
(another document): that figure is held back and reported with the reason, and the document is recorded as
applied all the same. Figures a new version no longer lists are left as they are.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import yaml

from danvan import DATA_DIR
from danvan.ingest._validate import check_rows
from danvan.store import db, revisions
from danvan.store.registry import UnitIndex, index_for

SEED_FILE = DATA_DIR / "seeds" / "documents.yml"
SEED_TEXT_DIR = DATA_DIR / "seeds" / "texts"  # copies of ../shared/seeds, shipped for provenance

_STATUS_VI = {"expected": "dự kiến", "target": "mục tiêu"}


class SeedError(RuntimeError):
    pass


def documents(path: Path | None = None) -> list[dict]:
    return yaml.safe_load((path or SEED_FILE).read_text(encoding="utf-8"))["documents"]


def _sha256(ref: str) -> str | None:
    path = SEED_TEXT_DIR / f"{ref}.txt"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def document_version(doc: dict, text_sha256: str | None = None) -> str:
    """sha256 of the canonical entry and of the document's text (see the module's docstring)."""
    entry = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{entry}\n{text_sha256 or ''}".encode()).hexdigest()


@dataclass(frozen=True)
class Held:
    """A figure a new seed version did not apply: the current one stays, with who wrote it."""

    document: str
    unit_key: str
    indicator_code: str
    period: str
    status: str
    seed_text: str | None
    kept_text: str | None
    upload_id: int | None
    uploaded_by: str | None
    source_ref: str | None

    @property
    def cell(self) -> str:
        status = _STATUS_VI.get(self.status)
        return f"{self.indicator_code} {self.unit_key} {self.period}" + (f" ({status})" if status else "")

    @property
    def reason(self) -> str:
        if self.upload_id is not None:
            kept = f"số liệu tải lên #{self.upload_id} ({self.uploaded_by})"
        elif self.source_ref:
            kept = f"số liệu của tài liệu gốc khác {self.source_ref}"
        else:
            kept = "số liệu hiện hành (không rõ nguồn)"
        return (f"{self.cell}: giữ {kept} “{self.kept_text}” thay vì số “{self.seed_text}” của tài liệu gốc "
                f"{self.document}")


@dataclass
class SeedReport:
    """What `load_seeds` did: documents applied (new versions) or left alone, figures written and held back."""

    new: int = 0
    revised: int = 0
    unchanged: int = 0
    applied: list[tuple[str, str]] = field(default_factory=list)   # (source_ref, version) applied now
    current: list[str] = field(default_factory=list)               # documents already at their version
    held: list[Held] = field(default_factory=list)
    revisions: list[str] = field(default_factory=list)             # "TCD_DOAN old:96 2018: 43 → 45"

    def lines(self) -> list[str]:
        """The plain-text report `init` prints, in Vietnamese."""
        if not self.applied:
            return [f"Tài liệu gốc: {len(self.current)} tài liệu đã nạp ở phiên bản hiện tại, không nạp lại."]
        refs = ", ".join(ref for ref, _ in self.applied)
        out = [f"Tài liệu gốc: nạp {len(self.applied)} phiên bản mới ({refs})"
               + (f"; {len(self.current)} tài liệu không đổi, không nạp lại." if self.current else "."),
               f"Số liệu gốc: {self.new} mới, {self.revised} sửa theo phiên bản mới, {self.unchanged} không đổi, "
               f"{len(self.held)} không áp dụng."]
        out += [f"  Sửa {r}" for r in self.revisions]
        out += [f"  Không áp dụng {h.reason}" for h in self.held]
        return out


def _stage_document(con: duckdb.DuckDBPyConnection, doc: dict, obs: list[dict], index: UnitIndex,
                    today: date | None) -> None:
    rows = pl.DataFrame([
        {"row_no": i + 1, "unit_code": o["unit"], "indicator_code": o["indicator"],
         "period": o["period"], "value": o["value"], "note": o.get("note")}
        for i, o in enumerate(obs)
    ])
    result = check_rows(rows, index, today=today)
    if result.problems.height:
        raise SeedError(f"{doc['ref']}: {result.problems.to_dicts()}")
    extra = pl.DataFrame({
        "row_no": list(range(1, len(obs) + 1)),
        "quote": [o["quote"] for o in obs],
        "period_approximate": [bool(o.get("period_approximate", False)) for o in obs],
    })
    batch = result.accepted.drop("quote", "period_approximate").join(extra, on="row_no")
    revisions.stage(con, batch)


def _revision_text(r: dict) -> str:
    status = _STATUS_VI.get(r["status"])
    cell = f"{r['indicator_code']} {r['unit_key']} {r['period']}" + (f" ({status})" if status else "")
    return f"{cell}: {r['prev_raw_text']} → {r['raw_text']}"


def load_seeds(con: duckdb.DuckDBPyConnection, today: date | None = None,
               seed_file: Path | None = None) -> SeedReport:
    """Apply each document whose version the store does not hold yet, each in its own transaction."""
    held_versions = dict(db.run(con, "seed_versions_current").iter_rows())
    report = SeedReport()
    index: UnitIndex | None = None  # ~0.3 s to build: only when a document has to be staged
    for doc in documents(seed_file):
        ref = doc["ref"]
        text_sha = _sha256(ref)
        version = document_version(doc, text_sha)
        if held_versions.get(ref) == version:
            report.current.append(ref)
            continue
        counts: dict[str, int] = {}
        held: list[Held] = []
        with db.transaction(con):
            source_id = db.run(
                con, "upsert_source", source_ref=ref, kind="document", title=doc["title"],
                publisher=doc.get("publisher"), author=doc.get("author"),
                published_on=date.fromisoformat(doc["published_on"]),
                date_approximate=bool(doc.get("date_approximate", False)), file_name=f"{ref}.txt",
                sha256=text_sha, note=doc.get("note"),
            ).item()
            obs = doc.get("observations") or []
            if obs:
                index = index or index_for(con)
                _stage_document(con, doc, obs, index, today)
                held = [Held(document=ref, **r)
                        for r in db.run(con, "staged_seed_held", source_id=source_id)
                        .rename({"raw_text": "seed_text", "prev_raw_text": "kept_text", "prev_upload_id": "upload_id",
                                 "prev_uploaded_by": "uploaded_by", "prev_source_ref": "source_ref"})
                        .iter_rows(named=True)]
                db.execute(con, "drop_staged_seed_held", source_id=source_id)
                counts = dict(db.run(con, "staged_counts").iter_rows())
                changed = db.run(con, "staged_revisions", limit=1_000)
                revisions.commit_staged(con, recorded_by="seed", source_id=source_id)
                report.revisions += [_revision_text(r) for r in changed.iter_rows(named=True)]
            db.execute(con, "record_seed_version", source_ref=ref, version=version, applied_at=datetime.now(),
                       rows_new=counts.get("new", 0), rows_revised=counts.get("revised", 0),
                       rows_unchanged=counts.get("unchanged", 0), rows_skipped=len(held))
        report.applied.append((ref, version))
        report.held += held
        report.new += counts.get("new", 0)
        report.revised += counts.get("revised", 0)
        report.unchanged += counts.get("unchanged", 0)
    return report
