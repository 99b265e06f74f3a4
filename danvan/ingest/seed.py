"""Load every figure of the seed documents (data/seeds/documents.yml) through the same checks as uploads."""

from __future__ import annotations

import hashlib
from datetime import date

import duckdb
import polars as pl
import yaml

from danvan import DATA_DIR
from danvan.ingest._validate import check_rows
from danvan.store import db, revisions
from danvan.store.registry import index_for

SEED_FILE = DATA_DIR / "seeds" / "documents.yml"
SEED_TEXT_DIR = DATA_DIR / "seeds" / "texts"  # copies of ../shared/seeds, shipped for provenance


class SeedError(RuntimeError):
    pass


def documents() -> list[dict]:
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))["documents"]


def _sha256(ref: str) -> str | None:
    path = SEED_TEXT_DIR / f"{ref}.txt"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def load_seeds(con: duckdb.DuckDBPyConnection, today: date | None = None) -> revisions.BatchSummary:
    """Idempotent: a second run finds every figure unchanged."""
    index = index_for(con)
    totals = {"new": 0, "revised": 0, "unchanged": 0}
    changes = []
    for doc in documents():
        with db.transaction(con):
            source_id = db.run(
                con, "upsert_source", source_ref=doc["ref"], kind="document", title=doc["title"],
                publisher=doc.get("publisher"), author=doc.get("author"),
                published_on=date.fromisoformat(doc["published_on"]),
                date_approximate=bool(doc.get("date_approximate", False)), file_name=f"{doc['ref']}.txt",
                sha256=_sha256(doc["ref"]), note=doc.get("note"),
            ).item()
            obs = doc.get("observations") or []
            if not obs:
                continue
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
            summary = revisions.stage(con, batch)
            revisions.commit_staged(con, recorded_by="seed", source_id=source_id)
        totals["new"] += summary.new
        totals["revised"] += summary.revised
        totals["unchanged"] += summary.unchanged
        changes.append(summary.revisions)
    return revisions.BatchSummary(**totals, revisions=pl.concat(changes) if changes else pl.DataFrame())
