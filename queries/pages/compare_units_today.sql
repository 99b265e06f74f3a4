-- name: compare_units_today
-- params: $indicator VARCHAR, $eras VARCHAR[], $unit_keys VARCHAR[]
-- returns: unit_key, unit_code, unit_name, unit_short_name, unit_level, unit_era, province_name, n_observations, n_actual, latest_actual
-- Why: the compare picker on today's map: every unit of the era(s) asked (today's), and any unit already chosen,
-- with how much it has of the indicator, reported or derived ("not combined" rows have no number and do not count).
WITH data AS (
    SELECT unit_key, count(*) AS n_observations, count(*) FILTER (WHERE status = 'actual') AS n_actual,
           max(period_end) FILTER (WHERE status = 'actual') AS latest_actual
    FROM today_observations
    WHERE indicator_code = $indicator AND NOT not_combined
    GROUP BY unit_key
)
SELECT u.unit_key, u.code AS unit_code, u.name AS unit_name, u.short_name AS unit_short_name, u.level AS unit_level,
       u.era AS unit_era, CASE WHEN u.level = 'province' THEN NULL ELSE p.short_name END AS province_name,
       COALESCE(d.n_observations, 0) AS n_observations, COALESCE(d.n_actual, 0) AS n_actual, d.latest_actual
FROM units u
LEFT JOIN units p ON p.unit_key = u.province_key
LEFT JOIN data d ON d.unit_key = u.unit_key
WHERE list_contains($eras, u.era) OR list_contains($unit_keys, u.unit_key)
ORDER BY CASE u.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, CASE u.era WHEN 'new' THEN 0 ELSE 1 END,
         u.code;
