-- name: compare_default_units
-- params: $indicator VARCHAR
-- returns: unit_key, unit_code, unit_level, n_observations, latest_actual
-- Why: So sánh opened without units picks its default from these: every unit with figures for the indicator (the
-- reported view offers both eras), how many and the date of the latest actual one (compare.default_units).
SELECT unit_key, any_value(unit_code) AS unit_code, any_value(unit_level) AS unit_level, count(*) AS n_observations,
       max(period_end) FILTER (WHERE status = 'actual') AS latest_actual
FROM current_observations
WHERE indicator_code = $indicator
GROUP BY unit_key
ORDER BY unit_key;
