-- name: compare_default_units_today
-- params: $indicator VARCHAR
-- returns: unit_key, unit_code, unit_level, n_observations, latest_actual
-- Why: compare_default_units on today's map: today's units (the view offers no other) with figures reported or
-- derived onto them ("not combined" rows have no number and do not count).
SELECT unit_key, any_value(unit_code) AS unit_code, any_value(unit_level) AS unit_level, count(*) AS n_observations,
       max(period_end) FILTER (WHERE status = 'actual') AS latest_actual
FROM today_observations
WHERE indicator_code = $indicator AND NOT not_combined
GROUP BY unit_key
ORDER BY unit_key;
