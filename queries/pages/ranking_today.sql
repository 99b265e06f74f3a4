-- name: ranking_today
-- params: $indicator VARCHAR, $unit_keys VARCHAR[], $as_of DATE
-- returns: unit_key, unit_name, period, period_end, value, numerator, denominator, value_low, value_high, qualifier, raw_text, sort_value, derived, partial
-- Why: the latest actual figure of each of today's units, derived or reported, marked.
SELECT unit_key, unit_short_name AS unit_name, period, period_end, value, numerator, denominator, value_low,
       value_high, qualifier, raw_text, COALESCE(value, (value_low + value_high) / 2) AS sort_value, derived, partial
FROM today_observations
WHERE indicator_code = $indicator AND status = 'actual' AND NOT not_combined AND list_contains($unit_keys, unit_key)
  AND period_end <= $as_of
QUALIFY row_number() OVER (PARTITION BY unit_key ORDER BY period_end DESC, period) = 1
ORDER BY sort_value DESC;
