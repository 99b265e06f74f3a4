-- name: indicator_periods_today
-- params: $indicator VARCHAR
-- returns: period, period_end, n_units
SELECT period, min(period_end) AS period_end, count(DISTINCT unit_key) AS n_units
FROM today_observations
WHERE indicator_code = $indicator AND status = 'actual' AND NOT not_combined
GROUP BY period
ORDER BY period_end, period;
