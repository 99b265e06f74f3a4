-- name: check_current_cells
-- params: none
-- returns: unit_key, indicator_code, period, status, problem
-- Why: current_cells (the database's own guard of one current figure per cell) must point at exactly the current rows.
SELECT c.unit_key, c.indicator_code, c.period, c.status, 'current_cells trỏ tới dòng không hiện hành' AS problem
FROM current_cells c LEFT JOIN observations o ON o.obs_id = c.obs_id AND o.superseded_at IS NULL
WHERE o.obs_id IS NULL
UNION ALL
SELECT o.unit_key, o.indicator_code, o.period, o.status, 'dòng hiện hành thiếu trong current_cells' AS problem
FROM observations o LEFT JOIN current_cells c ON c.obs_id = o.obs_id
WHERE o.superseded_at IS NULL AND c.obs_id IS NULL
ORDER BY ALL LIMIT 100;
