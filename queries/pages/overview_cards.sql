-- name: overview_cards
-- params: $unit_key VARCHAR, $period VARCHAR, $previous_period VARCHAR
-- returns: indicator_code, status, period, value, numerator, denominator, value_low, value_high, qualifier, raw_text, period_approximate, source_title, source_date, quote, prev_value, prev_qualifier, prev_value_low, prev_value_high
-- Why: headline cards; the previous period of the same kind gives the change (NULL when not reported).
SELECT c.indicator_code, c.status, c.period, c.value, c.numerator, c.denominator, c.value_low, c.value_high,
       c.qualifier, c.raw_text, c.period_approximate, c.source_title, c.source_date, c.quote,
       p.value AS prev_value, p.qualifier AS prev_qualifier, p.value_low AS prev_value_low,
       p.value_high AS prev_value_high
FROM current_observations c
LEFT JOIN current_observations p
  ON p.unit_key = c.unit_key AND p.indicator_code = c.indicator_code AND p.status = c.status
 AND p.period = $previous_period
WHERE c.unit_key = $unit_key AND c.period = $period
ORDER BY c.indicator_code, c.status;
