-- name: map_rollup
-- params: $indicator VARCHAR, $period VARCHAR, $era VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, value, numerator, denominator, value_low, value_high, qualifier, status, raw_text, map_value, derived, partial, how, rolled_from, n_reported, n_expected, source_date, recorded_at
-- Why: a province or district map is not grey where only its communes (or, for an old province, its districts)
-- reported. A unit with no figure of its own gets the sum of the units below it, only where the indicator adds up:
-- counts are summed, ratios recomputed from summed numerators and denominators (every part needs both); a bare
-- percent or a score is never rolled up. A unit's own figure always wins, and an old district's own figure wins
-- over its communes (no double counting). The figure is partial when not every unit below it reported, or when a
-- figure it is made of is partial (today's map: derived from old units that did not all report).
-- Qualifiers stay honest: all exact → exact; exact and "trên"/"ít nhất" → "ít nhất"/"trên" (a lower bound); exact
-- and ranges → a range of summed bounds; exact and "dưới" → an upper bound; any other mix → "khoảng".
WITH figures AS (       -- the era's figures: as reported (old map), or on today's map (new map: reported or derived)
    SELECT unit_key, value, numerator, denominator, value_low, value_high, COALESCE(qualifier, '=') AS qualifier,
           false AS partial, recorded_at
    FROM current_observations
    WHERE $era = 'old' AND unit_era = 'old' AND indicator_code = $indicator AND period = $period
      AND status = 'actual'
    UNION ALL
    SELECT unit_key, value, numerator, denominator, value_low, value_high, COALESCE(qualifier, '=') AS qualifier,
           partial, recorded_at
    FROM today_observations
    WHERE $era = 'new' AND indicator_code = $indicator AND period = $period AND status = 'actual'
      AND NOT not_combined
), placed AS (
    SELECT f.*, u.level, u.parent_key FROM figures f JOIN units u ON u.unit_key = f.unit_key
), rule AS (
    SELECT aggregation FROM indicators WHERE code = $indicator AND aggregation IN ('sum', 'ratio')
), below AS (           -- how many units each unit has one level down (what "every unit below" means)
    SELECT parent_key, level, count(*) AS n_expected FROM units WHERE era = $era AND parent_key IS NOT NULL
    GROUP BY parent_key, level
), from_communes AS (   -- communes summed into their district (old) or province (new) that has no own figure
    SELECT p.parent_key AS unit_key, 'commune' AS rolled_from, count(*) AS n_reported, any_value(b.n_expected) AS n_expected,
           bool_or(p.partial) AS part_partial,
           sum(COALESCE(p.value, (p.value_low + p.value_high) / 2)) AS v_sum, sum(COALESCE(p.value_low, p.value)) AS low_sum,
           sum(COALESCE(p.value_high, p.value)) AS high_sum,
           sum(p.numerator) AS num_sum, sum(p.denominator) AS den_sum,
           count(*) FILTER (WHERE p.numerator IS NOT NULL AND p.denominator IS NOT NULL) AS n_parts,
           list(DISTINCT p.qualifier) AS qualifiers, max(p.recorded_at) AS recorded_at
    FROM placed p JOIN below b ON b.parent_key = p.parent_key AND b.level = 'commune'
    WHERE p.level = 'commune' AND NOT EXISTS (SELECT 1 FROM placed o WHERE o.unit_key = p.parent_key)
    GROUP BY p.parent_key
), districts AS (       -- an old district as its province sees it: its own figure, else its communes' sum
    SELECT p.parent_key, p.partial, COALESCE(p.value, (p.value_low + p.value_high) / 2) AS value,
           COALESCE(p.value_low, p.value) AS low, COALESCE(p.value_high, p.value) AS high, p.numerator, p.denominator,
           [p.qualifier] AS qualifiers, p.recorded_at
    FROM placed p WHERE p.level = 'district'
    UNION ALL
    SELECT u.parent_key, c.part_partial OR c.n_reported < c.n_expected, c.v_sum, c.low_sum, c.high_sum,
           CASE WHEN c.n_parts = c.n_reported THEN c.num_sum END, CASE WHEN c.n_parts = c.n_reported THEN c.den_sum END,
           c.qualifiers, c.recorded_at
    FROM from_communes c JOIN units u ON u.unit_key = c.unit_key
    WHERE u.level = 'district'
), from_districts AS (  -- old districts summed into their province that has no own figure
    SELECT d.parent_key AS unit_key, 'district' AS rolled_from, count(*) AS n_reported,
           any_value(b.n_expected) AS n_expected, bool_or(d.partial) AS part_partial,
           sum(d.value) AS v_sum, sum(d.low) AS low_sum, sum(d.high) AS high_sum,
           sum(d.numerator) AS num_sum, sum(d.denominator) AS den_sum,
           count(*) FILTER (WHERE d.numerator IS NOT NULL AND d.denominator IS NOT NULL) AS n_parts,
           list_distinct(flatten(list(d.qualifiers))) AS qualifiers, max(d.recorded_at) AS recorded_at
    FROM districts d JOIN below b ON b.parent_key = d.parent_key AND b.level = 'district'
    WHERE $era = 'old' AND NOT EXISTS (SELECT 1 FROM placed o WHERE o.unit_key = d.parent_key)
    GROUP BY d.parent_key
), rolled AS (
    SELECT * FROM from_communes UNION ALL BY NAME SELECT * FROM from_districts
), judged AS (
    SELECT r.*, u.level, u.province_key, (SELECT aggregation FROM rule) AS how,
           list_has_all(['=', '>', '>='], r.qualifiers) AS lower_only,
           list_has_all(['=', 'range'], r.qualifiers) AS range_only,
           list_has_all(['=', '<', '<='], r.qualifiers) AS upper_only
    FROM rolled r JOIN units u ON u.unit_key = r.unit_key
    WHERE u.level = $level AND ($province_key IS NULL OR u.province_key = $province_key)
)
SELECT unit_key,
       CASE WHEN how = 'ratio' THEN 100 * num_sum / den_sum
            WHEN range_only AND list_contains(qualifiers, 'range') THEN NULL
            ELSE v_sum END AS value,
       CASE WHEN how = 'ratio' THEN num_sum END AS numerator,
       CASE WHEN how = 'ratio' THEN den_sum END AS denominator,
       CASE WHEN how = 'sum' AND range_only AND list_contains(qualifiers, 'range') THEN low_sum END AS value_low,
       CASE WHEN how = 'sum' AND range_only AND list_contains(qualifiers, 'range') THEN high_sum END AS value_high,
       CASE WHEN how = 'ratio' OR list_has_all(['='], qualifiers) THEN '='
            WHEN range_only THEN 'range'
            WHEN lower_only THEN CASE WHEN list_contains(qualifiers, '>') THEN '>' ELSE '>=' END
            WHEN upper_only THEN CASE WHEN list_contains(qualifiers, '<') THEN '<' ELSE '<=' END
            ELSE '~' END AS qualifier,
       'actual' AS status, NULL::VARCHAR AS raw_text,
       CASE WHEN how = 'ratio' THEN 100 * num_sum / den_sum ELSE COALESCE(v_sum, (low_sum + high_sum) / 2) END
           AS map_value,
       true AS derived, part_partial OR n_reported < n_expected AS partial, how, rolled_from, n_reported, n_expected,
       NULL::DATE AS source_date, recorded_at
FROM judged
WHERE how = 'sum' OR (how = 'ratio' AND n_parts = n_reported AND den_sum > 0)
ORDER BY unit_key;
