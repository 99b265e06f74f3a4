-- name: record_seed_version
-- params: $source_ref VARCHAR, $version VARCHAR, $applied_at TIMESTAMP, $rows_new INTEGER, $rows_revised INTEGER, $rows_unchanged INTEGER, $rows_skipped INTEGER
-- returns: nothing (run in the transaction that applied the document)
-- Why: once a version of a seed document is applied, later runs of `init` leave the document alone.
INSERT INTO seed_versions (source_ref, version, applied_at, rows_new, rows_revised, rows_unchanged, rows_skipped)
VALUES ($source_ref, $version, $applied_at, $rows_new, $rows_revised, $rows_unchanged, $rows_skipped);
