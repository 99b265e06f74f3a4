-- name: undo_blockers
-- params: $upload_id BIGINT
-- returns: later_upload_id, n_rows
-- Why: an upload can be undone exactly only while no later upload has revised its rows.
SELECT later.upload_id AS later_upload_id, count(*) AS n_rows
FROM observations mine
JOIN observations later ON later.obs_id = mine.superseded_by
WHERE mine.upload_id = $upload_id AND later.upload_id IS DISTINCT FROM $upload_id
GROUP BY later.upload_id
ORDER BY later.upload_id;
