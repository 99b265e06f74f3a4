-- name: undo_upload
-- params: $upload_id BIGINT, $now TIMESTAMP, $user VARCHAR
-- returns: nothing (run inside one transaction after undo_blockers found none)
-- Why: restore the rows this upload superseded, then withdraw its own rows (kept as history,
-- superseded_at set and superseded_by NULL = withdrawn by undo), then mark the upload undone; current_cells
-- follows: the upload's cells point at the restored rows, or are gone when the upload had made them. Its cells
-- are kept in temp table `written`, as a commit's are, for the invariant check (written_cell_conflicts).
CREATE OR REPLACE TEMP TABLE written AS
SELECT DISTINCT unit_key, indicator_code, period, status FROM observations WHERE upload_id = $upload_id;

UPDATE observations SET superseded_at = NULL, superseded_by = NULL
WHERE superseded_by IN (SELECT obs_id FROM observations WHERE upload_id = $upload_id);

UPDATE observations SET superseded_at = $now, superseded_by = NULL
WHERE upload_id = $upload_id AND superseded_at IS NULL;

UPDATE uploads SET undone_at = $now, undone_by = $user WHERE upload_id = $upload_id;

DELETE FROM current_cells WHERE obs_id IN (SELECT obs_id FROM observations WHERE upload_id = $upload_id);

INSERT OR REPLACE INTO current_cells
SELECT o.unit_key, o.indicator_code, o.period, o.status, o.obs_id
FROM observations o
JOIN written w USING (unit_key, indicator_code, period, status)
WHERE o.superseded_at IS NULL;
