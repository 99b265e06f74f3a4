-- name: ledger_record
-- params: $version INTEGER, $migration VARCHAR
-- returns: nothing (writes the ledger)
INSERT INTO schema_migrations (version, name) VALUES ($version, $migration);
