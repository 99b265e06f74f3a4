-- name: compare_series_today
-- params: $indicator VARCHAR, $unit_keys VARCHAR[]
-- returns: unit_key, unit_code, unit_name, unit_level, period, period_kind, period_start, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, derived, partial, not_combined, derivation
-- Why: the compare chart "on today's map": history carried onto today's units, derived rows marked.
SELECT unit_key, unit_code, unit_short_name AS unit_name, unit_level, period, period_kind, period_start, period_end,
       period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text,
       COALESCE(source_title, derivation) AS source_title, derived, partial, not_combined, derivation
FROM today_observations
WHERE indicator_code = $indicator AND list_contains($unit_keys, unit_key)
ORDER BY unit_key, period_end, status;
