-- name: units_with_data_today
-- params: $indicator VARCHAR
-- returns: unit_key, unit_code, unit_name, unit_level, unit_era, province_key, n_observations
-- Why: today's units that have a reported or derived figure for the indicator (NULL = any).
SELECT t.unit_key, t.unit_code, t.unit_name, t.unit_level, 'new' AS unit_era, u.province_key,
       count(*) AS n_observations
FROM today_observations t JOIN units u ON u.unit_key = t.unit_key
WHERE ($indicator IS NULL OR t.indicator_code = $indicator) AND NOT t.not_combined
GROUP BY t.unit_key, t.unit_code, t.unit_name, t.unit_level, u.province_key
ORDER BY CASE t.unit_level WHEN 'province' THEN 0 ELSE 2 END, t.unit_name;
