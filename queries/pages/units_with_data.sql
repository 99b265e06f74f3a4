-- name: units_with_data
-- params: $indicator VARCHAR
-- returns: unit_key, unit_code, unit_name, unit_level, unit_era, province_key, n_observations
-- Why: pickers offer only units that have something to show; NULL indicator = any indicator.
SELECT unit_key, unit_code, unit_name, unit_level, unit_era, province_key, count(*) AS n_observations
FROM current_observations
WHERE $indicator IS NULL OR indicator_code = $indicator
GROUP BY unit_key, unit_code, unit_name, unit_level, unit_era, province_key
ORDER BY CASE unit_level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, unit_name;
