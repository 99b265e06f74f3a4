-- name: export_today
-- params: $unit_code VARCHAR, $indicator VARCHAR
-- returns: unit_code, unit_name, indicator_code, period, value, numerator, denominator, value_low, value_high, qualifier, status, source, derived, partial, derivation
-- Why: the long export on today's map; derived rows say so and how, and are never mixed into the reported export.
-- A figure's own source text leads its source when the return had one: "Báo cáo số 12/BC-UBND (tải lên: q1.xlsx)".
SELECT unit_code, unit_name, indicator_code, period, value, numerator, denominator, value_low, value_high, qualifier,
       status,
       CASE WHEN source_text IS NOT NULL THEN source_text || COALESCE(' (tải lên: ' || source_title || ')', '')
            ELSE COALESCE(source_title, 'Suy ra') END AS source,
       derived, partial, derivation
FROM today_observations
WHERE ($unit_code IS NULL OR unit_code = $unit_code) AND ($indicator IS NULL OR indicator_code = $indicator)
ORDER BY unit_code, indicator_code, period_start, status;
