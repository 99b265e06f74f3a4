-- name: export_today
-- params: $unit_code VARCHAR, $indicator VARCHAR
-- returns: unit_code, unit_name, indicator_code, period, value, numerator, denominator, value_low, value_high, qualifier, status, source, derived, partial, derivation
-- Why: the long export on today's map; derived rows say so and how, and are never mixed into the reported export.
SELECT unit_code, unit_name, indicator_code, period, value, numerator, denominator, value_low, value_high, qualifier,
       status, COALESCE(source_title, 'Suy ra') AS source, derived, partial, derivation
FROM today_observations
WHERE ($unit_code IS NULL OR unit_code = $unit_code) AND ($indicator IS NULL OR indicator_code = $indicator)
ORDER BY unit_code, indicator_code, period_start, status;
