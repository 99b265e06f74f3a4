-- name: audit_record
-- params: $at TIMESTAMP, $username VARCHAR, $action VARCHAR, $unit_keys VARCHAR[], $upload_id BIGINT, $detail VARCHAR
-- returns: nothing
-- Why: every write names who did it (NULL = the system), inside the write's own transaction.
INSERT INTO audit_log ("at", username, action, unit_keys, upload_id, detail)
VALUES ($at, $username, $action, $unit_keys, $upload_id, $detail);
