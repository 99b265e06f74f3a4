-- name: ranking_period
-- params: $indicator VARCHAR, $unit_keys VARCHAR[], $level VARCHAR, $period VARCHAR
-- returns: unit_key, unit_name, unit_era, period, period_end, value, numerator, denominator, value_low, value_high, qualifier, raw_text, sort_value
-- Why: the ranking of one level in one period (never a district's 2023-H1 against a province's 2024-H1);
-- `sort_value` places a range at its midpoint for ordering only (the chart still draws the range).
SELECT unit_key, unit_short_name AS unit_name, unit_era, period, period_end, value, numerator, denominator, value_low,
       value_high, qualifier, raw_text, COALESCE(value, (value_low + value_high) / 2) AS sort_value
FROM current_observations
WHERE indicator_code = $indicator AND status = 'actual' AND list_contains($unit_keys, unit_key)
  AND unit_level = $level AND period = $period AND (value IS NOT NULL OR value_low IS NOT NULL)
ORDER BY sort_value DESC, unit_key;
