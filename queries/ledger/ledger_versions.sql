-- name: ledger_versions
-- params: none
-- returns: version
SELECT version FROM schema_migrations ORDER BY version
