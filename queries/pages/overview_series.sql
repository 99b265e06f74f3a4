-- name: overview_series
-- params: $province_key VARCHAR
-- returns: indicator_code, unit_key, unit_name, unit_level, unit_era, period, period_kind, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, sort_value
-- Why: the overview's cards, rankings and completeness: every current actual figure, as reported by its own unit
-- (each era's units, no figure carried across the merger), of the whole country ($province_key NULL) or of one
-- province of today's map: its own units and the pre-2025 units (province, district, commune) that went into it.
WITH scope AS (
    SELECT u.unit_key FROM units u
    WHERE $province_key IS NULL
       OR (u.era = 'new' AND u.province_key = $province_key)
       OR (u.era = 'old' AND u.province_key IN (
              SELECT x.old_key FROM crosswalk x WHERE x.level = 'province' AND x.new_key = $province_key))
)
SELECT o.indicator_code, o.unit_key, o.unit_short_name AS unit_name, o.unit_level, o.unit_era, o.period,
       o.period_kind, o.period_end, o.period_approximate, o.value, o.numerator, o.denominator, o.value_low,
       o.value_high, o.qualifier, o.status, o.raw_text, o.source_title,
       COALESCE(o.value, (o.value_low + o.value_high) / 2) AS sort_value
FROM current_observations o
WHERE o.status = 'actual' AND o.unit_key IN (SELECT unit_key FROM scope)
ORDER BY o.indicator_code, o.period_end, o.unit_key;
