-- name: ranking_periods
-- params: $indicator VARCHAR, $unit_keys VARCHAR[]
-- returns: unit_level, period, period_end, n_units
-- Why: the ranking compares one level and one period at a time; these are the choices, with how many of the
-- chosen units reported an actual figure in each (the default is the latest period most of them reported).
SELECT unit_level, period, min(period_end) AS period_end, count(DISTINCT unit_key) AS n_units
FROM current_observations
WHERE indicator_code = $indicator AND status = 'actual' AND list_contains($unit_keys, unit_key)
  AND (value IS NOT NULL OR value_low IS NOT NULL)
GROUP BY unit_level, period
ORDER BY period_end DESC, period;
