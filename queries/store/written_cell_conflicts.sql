-- name: written_cell_conflicts
-- params: none
-- returns: unit_key, indicator_code, period, status, n
-- Why: the invariant "at most one current figure per cell", checked inside a commit's or an undo's own
-- transaction for the cells it wrote (temp table `written`); any row here makes it roll back.
SELECT o.unit_key, o.indicator_code, o.period, o.status, count(*) AS n
FROM observations o
JOIN (SELECT DISTINCT unit_key, indicator_code, period, status FROM written) w
  USING (unit_key, indicator_code, period, status)
WHERE o.superseded_at IS NULL
GROUP BY ALL
HAVING count(*) > 1
ORDER BY ALL
LIMIT 10;
