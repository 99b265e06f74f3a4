-- name: staged_seed_held
-- params: $source_id BIGINT
-- returns: unit_key, indicator_code, period, status, raw_text, prev_raw_text, prev_upload_id, prev_uploaded_by, prev_source_ref
-- Why: a seed document may revise only figures it wrote itself (an earlier version of it). A staged revision of a
-- figure whose current row came from an upload, or from any other source, is held back and reported with who
-- wrote the figure that stays.
SELECT s.unit_key, s.indicator_code, s.period, s.status, s.raw_text, s.prev_raw_text,
       cur.upload_id AS prev_upload_id, u.uploaded_by AS prev_uploaded_by, src.source_ref AS prev_source_ref
FROM staged s
JOIN observations cur ON cur.obs_id = s.prev_obs_id
LEFT JOIN uploads u ON u.upload_id = cur.upload_id
LEFT JOIN sources src ON src.source_id = cur.source_id
WHERE s.change = 'revised'
  AND (cur.upload_id IS NOT NULL OR cur.source_id IS DISTINCT FROM $source_id)
ORDER BY s.indicator_code, s.unit_key, s.period, s.status;
