-- name: ranking_period_today
-- params: $indicator VARCHAR, $unit_keys VARCHAR[], $level VARCHAR, $period VARCHAR
-- returns: unit_key, unit_name, unit_era, period, period_end, value, numerator, denominator, value_low, value_high, qualifier, raw_text, sort_value, derived, partial
-- Why: the ranking of one level in one period on today's map, derived or reported figures marked.
SELECT unit_key, unit_short_name AS unit_name, 'new' AS unit_era, period, period_end, value, numerator, denominator,
       value_low, value_high, qualifier, raw_text, COALESCE(value, (value_low + value_high) / 2) AS sort_value,
       derived, partial
FROM today_observations
WHERE indicator_code = $indicator AND status = 'actual' AND NOT not_combined AND list_contains($unit_keys, unit_key)
  AND unit_level = $level AND period = $period AND (value IS NOT NULL OR value_low IS NOT NULL)
ORDER BY sort_value DESC, unit_key;
