-- name: upload_unit_keys
-- params: $upload_id BIGINT
-- returns: unit_key
-- Why: undoing another person's upload needs a scope that covers every unit the upload wrote.
SELECT DISTINCT unit_key FROM observations WHERE upload_id = $upload_id ORDER BY unit_key;
