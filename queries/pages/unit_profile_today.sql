-- name: unit_profile_today
-- params: $unit_key VARCHAR
-- returns: indicator_code, period, period_kind, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, note, quote, source_kind, source_title, source_text, source_publisher, source_date, source_date_approximate, source_author, source_licence, uploaded_by, uploaded_at, recorded_at, derived, partial, derivation
-- Why: a unit of today's map with its history carried over; derived rows say how, in place of a source.
SELECT indicator_code, period, period_kind, period_end, period_approximate, value, numerator, denominator,
       value_low, value_high, qualifier, status, raw_text, NULL AS note, NULL AS quote,
       CASE WHEN derived THEN 'derived' ELSE 'reported' END AS source_kind,
       COALESCE(source_title, derivation) AS source_title, source_text, NULL AS source_publisher,
       NULL::DATE AS source_date, false AS source_date_approximate, NULL AS source_author, NULL AS source_licence,
       NULL AS uploaded_by, NULL::TIMESTAMP AS uploaded_at,
       NULL::TIMESTAMP AS recorded_at, derived, partial, derivation
FROM today_observations
WHERE unit_key = $unit_key AND NOT not_combined
ORDER BY indicator_code, period_end DESC, status;
