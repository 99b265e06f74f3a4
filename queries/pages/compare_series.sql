-- name: compare_series
-- params: $indicator VARCHAR, $unit_keys VARCHAR[]
-- returns: unit_key, unit_code, unit_name, unit_level, unit_era, period, period_kind, period_start, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, source_date
-- Why: one indicator, several units, every period and status (actual, expected, target) for the trend chart, and
-- the ranking's choices and bars (danvan/present/compare.py), so a change of indicator reads the store once.
SELECT unit_key, unit_code, unit_short_name AS unit_name, unit_level, unit_era, period, period_kind, period_start,
       period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status,
       raw_text, source_title, source_date
FROM current_observations
WHERE indicator_code = $indicator AND list_contains($unit_keys, unit_key)
ORDER BY unit_key, period_end, status;
