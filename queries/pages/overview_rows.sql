-- name: overview_rows
-- params: $province_key VARCHAR
-- returns: indicator_code, unit_key, unit_name, unit_level, unit_era, period, period_kind, period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, source_title, sort_value, latest, source_date, recorded_at
-- Why: the figures behind the overview's cards, and only those: for each indicator its card's group — the latest
-- period, at the highest level (today's map first) that reported in it — flagged `latest`, and, when one unit alone
-- reported then, that unit's earlier figures at the same level and kind of period (its sparkline). Every current
-- actual figure as reported by its own unit (no figure carried across the merger), of the whole country
-- ($province_key NULL) or of one province of today's map: its own units and the pre-2025 units that went into it.
WITH scope AS (  -- one province's units; the whole country is not listed (a semi-join on millions of rows)
    SELECT u.unit_key FROM units u
    WHERE (u.era = 'new' AND u.province_key = $province_key)
       OR (u.era = 'old' AND u.province_key IN (
              SELECT x.old_key FROM crosswalk x WHERE x.level = 'province' AND x.new_key = $province_key))
), card AS (  -- each indicator's card group (the count and the one unit, when alone)
    SELECT indicator_code, period, period_kind, unit_era, unit_level, count(*) AS n_units, min(unit_key) AS one_unit
    FROM current_observations
    WHERE status = 'actual' AND ($province_key IS NULL OR unit_key IN (SELECT unit_key FROM scope))
    GROUP BY indicator_code, period, period_kind, unit_era, unit_level
    QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY max(period_end) DESC,
        CASE unit_level WHEN 'province' THEN 0 WHEN 'district' THEN 1 WHEN 'commune' THEN 2 ELSE 9 END,
        CASE unit_era WHEN 'new' THEN 0 WHEN 'old' THEN 1 ELSE 9 END, period) = 1
)
SELECT a.indicator_code, a.unit_key, a.unit_short_name AS unit_name, a.unit_level, a.unit_era, a.period,
       a.period_kind, a.period_end, a.period_approximate, a.value, a.numerator, a.denominator, a.value_low,
       a.value_high, a.qualifier, a.status, a.raw_text, a.source_title,
       COALESCE(a.value, (a.value_low + a.value_high) / 2) AS sort_value, a.period = c.period AS latest,
       a.source_date, a.recorded_at
FROM current_observations a
JOIN card c ON c.indicator_code = a.indicator_code AND c.unit_era = a.unit_era AND c.unit_level = a.unit_level
           AND c.period_kind = a.period_kind
WHERE a.status = 'actual' AND ($province_key IS NULL OR a.unit_key IN (SELECT unit_key FROM scope))
  AND (a.period = c.period OR (c.n_units = 1 AND a.unit_key = c.one_unit))
ORDER BY a.indicator_code, a.period_end, a.unit_key;
