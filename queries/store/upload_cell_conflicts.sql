-- name: upload_cell_conflicts
-- params: $upload_id BIGINT
-- returns: unit_key, indicator_code, period, status, n
-- Why: the invariant "at most one current figure per cell", checked inside an undo's transaction for the cells
-- the upload touched; any row here makes the undo roll back.
SELECT o.unit_key, o.indicator_code, o.period, o.status, count(*) AS n
FROM observations o
JOIN (SELECT DISTINCT unit_key, indicator_code, period, status FROM observations WHERE upload_id = $upload_id) u
  USING (unit_key, indicator_code, period, status)
WHERE o.superseded_at IS NULL
GROUP BY ALL
HAVING count(*) > 1
ORDER BY ALL
LIMIT 10;
