-- name: check_one_current_per_cell
-- params: none
-- returns: unit_key, indicator_code, period, status, problem
-- Why: the store's first invariant: at most one current figure per unit, indicator, period and status.
SELECT unit_key, indicator_code, period, status, count(*)::VARCHAR || ' số liệu hiện hành' AS problem
FROM observations WHERE superseded_at IS NULL
GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL LIMIT 100;
