-- name: ranking_periods_today
-- params: $indicator VARCHAR, $unit_keys VARCHAR[]
-- returns: unit_level, period, period_end, n_units
-- Why: the periods and levels the ranking on today's map can compare, with how many chosen units have an actual
-- figure (reported or derived) in each.
SELECT unit_level, period, min(period_end) AS period_end, count(DISTINCT unit_key) AS n_units
FROM today_observations
WHERE indicator_code = $indicator AND status = 'actual' AND NOT not_combined AND list_contains($unit_keys, unit_key)
  AND (value IS NOT NULL OR value_low IS NOT NULL)
GROUP BY unit_level, period
ORDER BY period_end DESC, period;
