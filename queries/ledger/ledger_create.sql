-- name: ledger_create
-- params: none
-- returns: nothing (writes the ledger)
-- The migration ledger: which numbered files of queries/schema/ a store has applied.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP DEFAULT current_timestamp
);
