-- name: unit_profile
-- params: $unit_key VARCHAR
-- returns: indicator_code, period, period_kind, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, note, quote, source_kind, source_title, source_text, source_publisher, source_date, source_date_approximate, source_author, source_licence, uploaded_by, uploaded_at, recorded_at
SELECT indicator_code, period, period_kind, period_end, period_approximate, value, numerator, denominator,
       value_low, value_high, qualifier, status, raw_text, note, quote, source_kind, source_title, source_text,
       source_publisher, source_date, source_date_approximate, source_author, source_licence, uploaded_by, uploaded_at,
       recorded_at
FROM current_observations
WHERE unit_key = $unit_key
ORDER BY indicator_code, period_end DESC, status;
