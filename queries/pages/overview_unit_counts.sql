-- name: overview_unit_counts
-- params: $province_key VARCHAR
-- returns: era, level, n_units
-- Why: how many units are expected to report, per era and level, in the overview's scope (the whole country, or one
-- province of today's map with the pre-2025 units that went into it): the denominator of "units reported".
SELECT u.era, u.level, count(*) AS n_units
FROM units u
WHERE $province_key IS NULL
   OR (u.era = 'new' AND u.province_key = $province_key)
   OR (u.era = 'old' AND u.province_key IN (
          SELECT x.old_key FROM crosswalk x WHERE x.level = 'province' AND x.new_key = $province_key))
GROUP BY u.era, u.level
ORDER BY u.era, u.level;
