-- name: upload_units
-- params: $limit INTEGER
-- returns: upload_id, unit_keys
-- Why: the upload page shows a scoped user only the uploads whose units lie in their scope (the newest $limit).
SELECT o.upload_id, list(DISTINCT o.unit_key ORDER BY o.unit_key) AS unit_keys
FROM observations o
WHERE o.upload_id IN (SELECT upload_id FROM uploads ORDER BY uploaded_at DESC, upload_id DESC LIMIT $limit)
GROUP BY o.upload_id;
