-- name: map_values_today
-- params: $indicator VARCHAR, $period VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, map_value, derived, partial, source_date, recorded_at
-- Why: the 2025 map for any period: reported figures after the merger, derived ones before it.
SELECT t.unit_key, t.value, t.numerator, t.denominator, t.value_low, t.value_high, t.qualifier, t.status, t.raw_text,
       COALESCE(t.source_title, t.derivation) AS source_title,
       COALESCE(t.value, (t.value_low + t.value_high) / 2) AS map_value, t.derived, t.partial, t.source_date,
       t.recorded_at
FROM today_observations t JOIN units u ON u.unit_key = t.unit_key
WHERE t.indicator_code = $indicator AND t.period = $period AND t.status = 'actual' AND NOT t.not_combined
  AND t.unit_level = $level AND ($province_key IS NULL OR u.province_key = $province_key);
