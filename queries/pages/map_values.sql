-- name: map_values
-- params: $indicator VARCHAR, $period VARCHAR, $era VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, map_value, source_date, recorded_at
-- Why: one actual figure per unit of the chosen map (era, level, optionally one province) for the period.
-- `map_value` places a range at its midpoint for colouring only; the hover shows the range.
SELECT unit_key, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title,
       COALESCE(value, (value_low + value_high) / 2) AS map_value, source_date, recorded_at
FROM current_observations
WHERE indicator_code = $indicator AND period = $period AND status = 'actual'
  AND unit_era = $era AND unit_level = $level
  AND ($province_key IS NULL OR province_key = $province_key);
