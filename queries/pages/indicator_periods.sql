-- name: indicator_periods
-- params: $indicator VARCHAR, $era VARCHAR
-- returns: period, period_end, n_units
-- Why: the periods a map or time slider can step through, oldest first.
SELECT period, min(period_end) AS period_end, count(DISTINCT unit_key) AS n_units
FROM current_observations
WHERE indicator_code = $indicator AND unit_era = $era AND status = 'actual'
GROUP BY period
ORDER BY period_end, period;
