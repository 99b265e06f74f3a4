-- name: overview_groups
-- params: $province_key VARCHAR
-- returns: indicator_code, period, period_kind, period_end, unit_era, unit_level, n_units, n_values, median_value
-- Why: the overview's cards, default indicator and ranking choice need, per indicator, period, era and level, only
-- how many units reported and their median: aggregated here (about a thousand rows) instead of sending every
-- actual figure of the country (3,5 million rows on the national store) to Python, which took seconds. Scope as in
-- overview_rows: the whole country ($province_key NULL) or one province of today's map with its predecessors.
WITH scope AS (  -- one province's units; the whole country is not listed (a semi-join on millions of rows)
    SELECT u.unit_key FROM units u
    WHERE (u.era = 'new' AND u.province_key = $province_key)
       OR (u.era = 'old' AND u.province_key IN (
              SELECT x.old_key FROM crosswalk x WHERE x.level = 'province' AND x.new_key = $province_key))
)
SELECT indicator_code, period, period_kind, min(period_end) AS period_end, unit_era, unit_level,
       count(*) AS n_units, count(sort_value) AS n_values, median(sort_value) AS median_value
FROM (SELECT *, COALESCE(value, (value_low + value_high) / 2) AS sort_value FROM current_observations)
WHERE status = 'actual' AND ($province_key IS NULL OR unit_key IN (SELECT unit_key FROM scope))
GROUP BY indicator_code, period, period_kind, unit_era, unit_level
ORDER BY indicator_code, period_end, period, unit_era, unit_level;
