"""Load every figure of the seed documents (data/seeds/documents.yml) and of the seed workbooks
(data/seeds/workbooks.yml: PAPI 2011–2016) through the same checks as uploads.

Each document is applied once per version (table seed_versions). Its version is the sha256 of its entry (the
parsed YAML entry as canonical JSON, keys sorted, so comments, layout and key order do not count) together with
the sha256 of its text in data/seeds/texts/: changing a figure, a quote, a title or the text makes a new version;
there is no version number to remember to bump. So `init` (every `make run`) stages nothing while the documents
are those already applied.

A new version adds the figures that are new and revises figures the document itself wrote in an earlier version.
It never overwrites a figure whose current row came from an upload (staff corrected it) or from another source
(another document): that figure is held back and reported with the reason, and the document is recorded as
applied all the same. Figures a new version no longer lists are left as they are.

A seed workbook is read, checked and staged by the upload pipeline itself (importer.plan_bytes: the reader's
layouts, the registry's unit resolution, the catalogue's bounds), never by a parser of its own; its figures carry
the workbook's source (title, author, publisher, licence). Its version is the sha256 of the workbook and of its
entry in workbooks.yml. Cells the checks refuse stop the seed unless the entry lists them under `leave_out` with a
reason (PAPI 2014 writes 0 as the total of two provinces it has no scores for); a listed cell the checks accept
stops it too (the workbook changed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import yaml

from danvan import DATA_DIR
from danvan.grammar.values import format_number
from danvan.ingest._validate import check_rows
from danvan.ingest.importer import FilePlan, plan_bytes
from danvan.store import db, revisions
from danvan.store.registry import UnitIndex, index_for

SEED_FILE = DATA_DIR / "seeds" / "documents.yml"
SEED_TEXT_DIR = DATA_DIR / "seeds" / "texts"  # copies of ../shared/seeds, shipped for provenance
WORKBOOK_FILE = DATA_DIR / "seeds" / "workbooks.yml"
SEED_DIR = DATA_DIR / "seeds"

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
    tables: list[TableReport] = field(default_factory=list)        # the seed workbooks (PAPI)

    @property
    def all_new(self) -> int:
        return self.new + sum(t.new for t in self.tables)

    @property
    def all_revised(self) -> int:
        return self.revised + sum(t.revised for t in self.tables)

    @property
    def all_held(self) -> list[Held]:
        return self.held + [h for t in self.tables for h in t.held]

    def lines(self) -> list[str]:
        """The plain-text report `init` prints, in Vietnamese: the documents, then each seed workbook."""
        return self._document_lines() + [line for t in self.tables for line in t.lines()]

    def _document_lines(self) -> list[str]:
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


@dataclass
class TableReport:
    """What one seed workbook did: applied at a new version or left alone, figures written, cells left out."""

    ref: str
    version: str
    applied: bool = False
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    held: list[Held] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)   # "2014_PAPI!AF17: <reason>"
    revisions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.applied:
            return [f"Bảng số liệu gốc {self.ref}: đã nạp ở phiên bản hiện tại, không nạp lại."]
        out = [f"Bảng số liệu gốc {self.ref}: nạp phiên bản mới; {format_number(self.new)} mới, "
               f"{format_number(self.revised)} sửa theo phiên bản mới, {format_number(self.unchanged)} không đổi, "
               f"{len(self.held)} không áp dụng, {len(self.left_out)} ô bỏ qua."]
        out += [f"  Sửa {r}" for r in self.revisions]
        out += [f"  Không áp dụng {h.reason}" for h in self.held]
        out += [f"  Bỏ qua ô {c}" for c in self.left_out]
        return out


def workbooks(path: Path | None = None) -> list[dict]:
    return yaml.safe_load((path or WORKBOOK_FILE).read_text(encoding="utf-8"))["workbooks"]


def workbook_version(entry: dict, data: bytes) -> str:
    """sha256 of the canonical entry and of the workbook's bytes (see the module's docstring)."""
    return document_version(entry, hashlib.sha256(data).hexdigest())


def _workbook_bytes(entry: dict, seed_dir: Path) -> bytes:
    path = seed_dir / entry["file"]
    if not path.is_file():
        raise SeedError(f"{entry['ref']}: không thấy tệp {path}")
    data = path.read_bytes()
    found = hashlib.sha256(data).hexdigest()
    if entry.get("sha256") and found != entry["sha256"]:
        raise SeedError(f"{entry['ref']}: tệp {path.name} có sha256 {found}, khác {entry['sha256']} ghi trong "
                        "workbooks.yml: tệp đã bị thay; kiểm tra lại rồi ghi sha256 mới.")
    return data


def _refused_cells(plan: FilePlan) -> dict[str, str]:
    """Each refused cell as "sheet!A1" → the checks' message."""
    refs = plan.rows.select(pl.int_range(pl.len()).cast(pl.Int64).alias("rec"), "sheet", "value_ref")
    found: dict[str, str] = {}
    for p in plan.check.problems.join(refs, on="rec", how="left").iter_rows(named=True):
        column = (p["value_ref"] or p["column"] or "").split(" ")[0]
        found.setdefault(f"{p['sheet']}!{column}{p['row_no']}", p["message"])
    return found


def _stage_workbook(con: duckdb.DuckDBPyConnection, entry: dict, data: bytes, index: UnitIndex,
                    today: date | None) -> list[str]:
    """Read, check and stage the workbook as an upload would be; the cells left out, with their reasons."""
    plan = plan_bytes(con, data, Path(entry["file"]).name, today=today, index=index)
    refused = _refused_cells(plan)
    listed = {f"{c['sheet']}!{c['cell']}": c["reason"] for c in entry.get("leave_out") or ()}
    unexpected = {c: m for c, m in refused.items() if c not in listed}
    accepted = sorted(set(listed) - set(refused))
    if unexpected or accepted:
        raise SeedError(f"{entry['ref']}: các ô bị từ chối {unexpected}; các ô trong leave_out nhưng không bị từ "
                        f"chối {accepted}")
    if plan.check.accepted.height == 0:
        raise SeedError(f"{entry['ref']}: không đọc được số liệu nào")
    return [f"{c} ({refused[c]}): {reason}" for c, reason in listed.items()]


def _apply(con: duckdb.DuckDBPyConnection, ref: str, version: str, source: dict,
           stage: Callable[[UnitIndex], object] | None, index: Callable[[], UnitIndex]
           ) -> tuple[dict[str, int], list[Held], list[str], object]:
    """In one transaction: record the source, stage its figures (`stage`), hold back those another hand wrote,
    commit the rest and record the version. Returns the counts, what was held, the revisions and what `stage`
    returned."""
    counts: dict[str, int] = {}
    held: list[Held] = []
    changes: list[str] = []
    staged = None
    with db.transaction(con):
        source_id = db.run(con, "upsert_source", source_ref=ref, kind="document", **source).item()
        if stage is not None:
            staged = stage(index())
            held = [Held(document=ref, **r)
                    for r in db.run(con, "staged_seed_held", source_id=source_id)
                    .rename({"raw_text": "seed_text", "prev_raw_text": "kept_text", "prev_upload_id": "upload_id",
                             "prev_uploaded_by": "uploaded_by", "prev_source_ref": "source_ref"})
                    .iter_rows(named=True)]
            db.execute(con, "drop_staged_seed_held", source_id=source_id)
            counts = dict(db.run(con, "staged_counts").iter_rows())
            changed = db.run(con, "staged_revisions", limit=1_000)
            revisions.commit_staged(con, recorded_by="seed", source_id=source_id)
            changes = [_revision_text(r) for r in changed.iter_rows(named=True)]
        db.execute(con, "record_seed_version", source_ref=ref, version=version, applied_at=datetime.now(),
                   rows_new=counts.get("new", 0), rows_revised=counts.get("revised", 0),
                   rows_unchanged=counts.get("unchanged", 0), rows_skipped=len(held))
    return counts, held, changes, staged


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
               seed_file: Path | None = None, workbook_file: Path | None = None,
               seed_dir: Path | None = None) -> SeedReport:
    """Apply each document and workbook whose version the store does not hold yet, each in its own transaction."""
    held_versions = dict(db.run(con, "seed_versions_current").iter_rows())
    report = SeedReport()
    cached: list[UnitIndex] = []  # ~0.3 s to build: only when something has to be staged

    def index() -> UnitIndex:
        if not cached:
            cached.append(index_for(con))
        return cached[0]

    for doc in documents(seed_file):
        ref = doc["ref"]
        text_sha = _sha256(ref)
        version = document_version(doc, text_sha)
        if held_versions.get(ref) == version:
            report.current.append(ref)
            continue
        obs = doc.get("observations") or []
        source = dict(title=doc["title"], publisher=doc.get("publisher"), author=doc.get("author"),
                      published_on=date.fromisoformat(doc["published_on"]),
                      date_approximate=bool(doc.get("date_approximate", False)), file_name=f"{ref}.txt",
                      sha256=text_sha, note=doc.get("note"), licence=doc.get("licence"))
        stage = (lambda ix, doc=doc, obs=obs: _stage_document(con, doc, obs, ix, today)) if obs else None
        counts, held, changes, _ = _apply(con, ref, version, source, stage, index)
        report.applied.append((ref, version))
        report.held += held
        report.revisions += changes
        report.new += counts.get("new", 0)
        report.revised += counts.get("revised", 0)
        report.unchanged += counts.get("unchanged", 0)
    seed_dir = seed_dir or SEED_DIR
    for entry in workbooks(workbook_file):
        ref = entry["ref"]
        data = _workbook_bytes(entry, seed_dir)
        table = TableReport(ref, workbook_version(entry, data))
        report.tables.append(table)
        if held_versions.get(ref) == table.version:
            continue
        published = entry.get("published_on")
        source = dict(title=entry["title"], publisher=entry.get("publisher"), author=entry.get("author"),
                      published_on=date.fromisoformat(str(published)) if published else None,
                      date_approximate=False, file_name=Path(entry["file"]).name,
                      sha256=hashlib.sha256(data).hexdigest(), note=entry.get("note"), licence=entry.get("licence"))
        counts, table.held, table.revisions, left_out = _apply(
            con, ref, table.version, source, lambda ix, entry=entry, data=data: _stage_workbook(
                con, entry, data, ix, today), index)
        table.applied, table.left_out = True, list(left_out or [])
        table.new, table.revised = counts.get("new", 0), counts.get("revised", 0)
        table.unchanged = counts.get("unchanged", 0)
    return report
