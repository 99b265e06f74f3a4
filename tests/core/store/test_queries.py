"""Every named query has its header, declares exactly the params it uses, and runs on the seeded store."""

from datetime import date

import duckdb
import pytest

from danvan import QUERIES_DIR
from danvan.store import _queries as queries
from danvan.store import db

GROUPS = ("pages", "store", "ledger", "package", "check")
NAMED = sorted(p.stem for group in GROUPS for p in (QUERIES_DIR / group).glob("*.sql"))
EMPTY_ON_SEED = {"upload_history", "uploads_by_sha256", "upload_units", "audit_log"}  # no uploads on the seed
OVERRIDES = {name: {"indicator": "TCD_CUOC"} for name in ("export_observations", "export_today")}
OVERRIDES["unit_profile_today"] = {"unit_key": "new:75"}
OVERRIDES["map_rollup"] = {"indicator": "DOITHOAI", "period": "2023-H1"}  # Lạc Sơn's dialogues → old Hòa Bình
SAMPLE_PARAMS = {
    "limit": 10, "era": "old", "level": "province", "province_key": None, "new_key": None,
    "indicator": "NTM_XA", "unit_keys": ["old:70", "old:95", "old:96", "new:75", "new:96"], "unit_key": "old:70",
    "unit_code": "96", "period": "2020-09-26", "previous_period": "2019-09-26", "as_of": date(2026, 1, 1),
    "sha256s": ["0" * 64], "eras": ["old", "new"], "username": None, "action": None,
}


@pytest.mark.parametrize("name", NAMED)
def test_header_declares_what_the_body_uses(name):
    query = queries.load(name)
    assert query.returns, f"{name}: '-- returns:' missing"
    assert set(query.params) == queries.used_params(query), name


@pytest.mark.parametrize("name", sorted(p.stem for p in (QUERIES_DIR / "pages").glob("*.sql")))
def test_page_queries_run_and_return_declared_columns(seeded_db, name):
    query = queries.load(name)
    params = {p: OVERRIDES.get(name, {}).get(p, SAMPLE_PARAMS[p]) for p in query.params}
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        frame = db.run(con, name, **params)
    assert frame.columns == list(query.returns)
    assert frame.height > 0 or name in EMPTY_ON_SEED


def test_binding_rejects_unknown_and_missing_params(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        with pytest.raises(queries.QueryError):
            db.run(con, "unit_profile", unit="old:70")
        with pytest.raises(queries.QueryError):
            db.run(con, "unit_profile")


