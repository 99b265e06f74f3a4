-- name: compare_series_today
-- params: $indicator VARCHAR, $unit_keys VARCHAR[]
-- returns: unit_key, unit_code, unit_name, unit_level, unit_era, period, period_kind, period_start, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, derived, partial, not_combined, derivation, source_date, recorded_at
-- Why: the compare chart "on today's map": history carried onto today's units (all of today's era), derived rows
-- marked; also the ranking's choices and bars, as compare_series.
SELECT unit_key, unit_code, unit_short_name AS unit_name, unit_level, 'new' AS unit_era, period, period_kind,
       period_start, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text,
       COALESCE(source_title, derivation) AS source_title, derived, partial, not_combined, derivation, source_date,
       recorded_at
FROM today_observations
WHERE indicator_code = $indicator AND list_contains($unit_keys, unit_key)
ORDER BY unit_key, period_end, status;
