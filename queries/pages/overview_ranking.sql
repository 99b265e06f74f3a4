-- name: overview_ranking
-- params: $province_key VARCHAR, $indicator VARCHAR, $period VARCHAR, $era VARCHAR, $level VARCHAR
-- returns: indicator_code, unit_key, unit_name, unit_level, unit_era, period, period_kind, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, sort_value
-- Why: the overview's best and worst units: every actual figure of one indicator in one period, era and level (the
-- group overview_groups shows most units reported), in the same scope as overview_rows.
WITH scope AS (  -- one province's units; the whole country is not listed (a semi-join on millions of rows)
    SELECT u.unit_key FROM units u
    WHERE (u.era = 'new' AND u.province_key = $province_key)
       OR (u.era = 'old' AND u.province_key IN (
              SELECT x.old_key FROM crosswalk x WHERE x.level = 'province' AND x.new_key = $province_key))
)
SELECT o.indicator_code, o.unit_key, o.unit_short_name AS unit_name, o.unit_level, o.unit_era, o.period,
       o.period_kind, o.period_end, o.period_approximate, o.value, o.numerator, o.denominator, o.value_low,
       o.value_high, o.qualifier, o.status, o.raw_text, o.source_title,
       COALESCE(o.value, (o.value_low + o.value_high) / 2) AS sort_value
FROM current_observations o
WHERE o.status = 'actual' AND o.indicator_code = $indicator AND o.period = $period AND o.unit_era = $era
  AND o.unit_level = $level AND ($province_key IS NULL OR o.unit_key IN (SELECT unit_key FROM scope))
ORDER BY o.unit_key;
