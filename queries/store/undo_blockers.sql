-- name: undo_blockers
-- params: $upload_id BIGINT
-- returns: later_upload_id, later_source_ref, n_rows
-- Why: an upload can be undone exactly only while no later write has revised its rows. That is a later upload
-- (later_upload_id: undo it first) or, in a store seeded before seed versions (migration 007), a seed document
-- that reverted a correction (later_upload_id NULL, later_source_ref names the document): say which, never "#None".
SELECT later.upload_id AS later_upload_id, src.source_ref AS later_source_ref, count(*) AS n_rows
FROM observations mine
JOIN observations later ON later.obs_id = mine.superseded_by
LEFT JOIN sources src ON src.source_id = later.source_id
WHERE mine.upload_id = $upload_id AND later.upload_id IS DISTINCT FROM $upload_id
GROUP BY later.upload_id, src.source_ref
ORDER BY later.upload_id NULLS LAST, src.source_ref;
