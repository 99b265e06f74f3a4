-- name: unit_periods
-- params: $unit_key VARCHAR
-- returns: period, period_kind, period_start, period_end, n_observations
SELECT period, period_kind, min(period_start) AS period_start, min(period_end) AS period_end,
       count(*) AS n_observations
FROM current_observations
WHERE unit_key = $unit_key
GROUP BY period, period_kind
ORDER BY period_end DESC, period;
