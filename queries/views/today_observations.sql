-- view: today_observations
-- Why: history on today's map. Old-era figures are carried onto the 34 provinces / 3,321 communes by the
-- crosswalk and each indicator's rule (indicators.crosswalk): counts add up, ratios are recomputed from summed
-- numerators and denominators, percents are carried only 1:1 (no weights are stored), scores ("carry": PAPI's
-- points belong to the province surveyed) are carried only 1:1 and never summed, averaged or rolled up from
-- districts, "none" never crosses.
-- A split commune's count is shared out by the crosswalk's area estimate only where the catalogue allows it.
-- Derived rows are marked (derived, derivation); the reported rows are never changed.
--
-- One row per (unit, indicator, period, status). The rules, in order:
--  1. A figure reported by the unit of today's map wins. New-era figures pass through as reported, and a figure
--     derived from old units for the same unit, indicator, period and status is then dropped (for the year 2025:
--     new Cà Mau's own report, never the sum of Bạc Liêu's and old Cà Mau's).
--  2. Otherwise the derived figure, from old units' figures for periods that begin before 1/7/2025. A period that
--     straddles the merger (the year 2025) is derived but always partial: old units existed only until 30/6/2025,
--     so their reports cover only part of it. Periods that begin on or after 1/7/2025 (2025-H2, 2025-Q3, an
--     as-of date such as 2025-09-30) are never derived: old units did not exist then (the importer refuses them).
-- Completeness ("partial") is judged per predecessor: a derived figure is partial when an old unit of today's
-- unit did not report, or when a predecessor province has no figure of its own and not all of its districts
-- reported (Bạc Liêu 7/7 districts + old Cà Mau 2/9 is partial, not "2/2"), or when the period straddles 1/7/2025.
-- Ratios: summed only from rows that have both parts; a predecessor with only a percent (no numerator and
-- denominator) makes the figure "not combined" (not_combined: no number is shown), never a sum of the others.
CREATE OR REPLACE VIEW today_observations AS
WITH lifted AS (        -- old figures at the level they are carried from; districts roll up to their province
    SELECT o.*, 'province' AS xlevel,
           CASE WHEN o.unit_level = 'province' THEN o.unit_key ELSE o.province_key END AS old_key,
           o.unit_level = 'district' AS from_district
    FROM current_observations o
    WHERE o.unit_era = 'old' AND o.unit_level IN ('province', 'district') AND o.period_start < DATE '2025-07-01'
    UNION ALL
    SELECT o.*, 'commune' AS xlevel, o.unit_key AS old_key, false AS from_district
    FROM current_observations o
    WHERE o.unit_era = 'old' AND o.unit_level = 'commune' AND o.period_start < DATE '2025-07-01'
), chosen AS (          -- a province's own figure wins over its districts' (no double counting)
    SELECT l.* FROM lifted l
    WHERE NOT (l.from_district AND EXISTS (
        SELECT 1 FROM lifted p WHERE NOT p.from_district AND p.xlevel = 'province' AND p.old_key = l.old_key
          AND p.indicator_code = l.indicator_code AND p.period = l.period AND p.status = l.status))
), district_cover AS (  -- how many districts each old province has
    SELECT parent_key AS old_key, count(*) AS n_districts FROM units WHERE era = 'old' AND level = 'district'
    GROUP BY parent_key
), rollup AS (          -- per predecessor province: how many of its districts reported (its own figure absent)
    SELECT c.old_key, c.indicator_code, c.period, c.status, count(DISTINCT c.unit_key) AS n_district_reports,
           any_value(dc.n_districts) AS n_districts, any_value(p.short_name) AS province_name
    FROM chosen c
    JOIN district_cover dc ON dc.old_key = c.old_key
    JOIN units p ON p.unit_key = c.old_key
    WHERE c.from_district
    GROUP BY c.old_key, c.indicator_code, c.period, c.status
), mapped AS (
    SELECT c.*, x.new_key, x.share, x.method AS x_method, i.crosswalk AS rule, i.apportion_by_area, i.aggregation,
           r.n_district_reports < r.n_districts AS districts_missing,
           CASE WHEN r.old_key IS NOT NULL THEN r.province_name || ': ' || r.n_district_reports || '/'
                || r.n_districts || ' huyện' END AS district_note
    FROM chosen c
    JOIN crosswalk x ON x.level = c.xlevel AND x.old_key = c.old_key
    JOIN indicators i ON i.code = c.indicator_code
    LEFT JOIN rollup r ON c.from_district AND r.old_key = c.old_key AND r.indicator_code = c.indicator_code
         AND r.period = c.period AND r.status = c.status
    WHERE i.crosswalk <> 'none'
      AND (c.from_district = false OR i.aggregation IN ('sum', 'ratio'))
      AND (x.share = 1 OR (i.apportion_by_area AND i.crosswalk = 'sum'))
), expected AS (
    SELECT level, new_key, count(*) AS n_expected FROM crosswalk GROUP BY level, new_key
), agg AS (
    SELECT m.xlevel, m.new_key, m.indicator_code, m.period, m.status, any_value(m.rule) AS rule,
           any_value(m.period_kind) AS period_kind, min(m.period_start) AS period_start,
           max(m.period_end) AS period_end, bool_or(m.period_approximate) AS period_approximate,
           count(DISTINCT m.old_key) AS n_reported,
           count(DISTINCT m.old_key) FILTER (WHERE m.from_district) AS n_from_district,
           COALESCE(bool_or(m.districts_missing), false) AS districts_missing,
           string_agg(DISTINCT m.district_note, ', ' ORDER BY m.district_note) AS district_notes,
           bool_or(m.share < 1) AS apportioned,
           sum(m.value * m.share) AS v_sum,
           sum(COALESCE(m.value_low, m.value) * m.share) AS low_sum,
           sum(COALESCE(m.value_high, m.value) * m.share) AS high_sum,
           sum(m.numerator) FILTER (WHERE m.numerator IS NOT NULL AND m.denominator IS NOT NULL) AS num_sum,
           sum(m.denominator) FILTER (WHERE m.numerator IS NOT NULL AND m.denominator IS NOT NULL) AS den_sum,
           count(*) AS n_rows,
           count(*) FILTER (WHERE m.numerator IS NOT NULL AND m.denominator IS NOT NULL) AS n_parts,
           bool_and(m.qualifier = '=') AS all_exact,
           bool_and(m.qualifier IN ('=', 'range')) AS exact_or_range,
           bool_and(m.qualifier IN ('=', '>', '>=')) AS all_lower,
           bool_or(m.qualifier = '>') AS any_gt,
           any_value(m.value) AS one_value, any_value(m.value_low) AS one_low, any_value(m.value_high) AS one_high,
           any_value(m.qualifier) AS one_qualifier, any_value(m.raw_text) AS one_raw,
           string_agg(m.unit_short_name || ': ' || m.raw_text, '; ' ORDER BY m.unit_short_name) AS parts,
           max(m.recorded_at) AS recorded_at
    FROM mapped m
    GROUP BY m.xlevel, m.new_key, m.indicator_code, m.period, m.status
), derived AS (
    SELECT a.*, e.n_expected,
           a.period_end >= DATE '2025-07-01' AS straddles,
           (a.n_reported < e.n_expected OR a.districts_missing OR a.period_end >= DATE '2025-07-01') AS partial,
           CASE
             WHEN a.rule = 'ratio' AND a.n_parts = a.n_rows AND a.den_sum > 0 THEN 'ratio'
             WHEN a.rule = 'ratio' AND a.n_rows = 1 AND e.n_expected = 1 AND a.n_from_district = 0 THEN 'carry'
             WHEN a.rule = 'sum' THEN 'sum'
             WHEN a.rule IN ('weighted', 'carry') AND a.n_rows = 1 AND e.n_expected = 1 AND NOT a.apportioned
               THEN 'carry'
             ELSE 'not_combined'
           END AS how
    FROM agg a JOIN expected e ON e.level = a.xlevel AND e.new_key = a.new_key
)
SELECT d.new_key AS unit_key, u.code AS unit_code, u.name AS unit_name, u.short_name AS unit_short_name,
       u.level AS unit_level, d.indicator_code, d.period, d.period_kind, d.period_start, d.period_end,
       d.period_approximate,
       CASE d.how WHEN 'ratio' THEN 100 * d.num_sum / d.den_sum
                  WHEN 'carry' THEN d.one_value
                  WHEN 'sum' THEN CASE WHEN d.exact_or_range AND NOT d.all_exact THEN NULL ELSE d.v_sum END
       END AS value,
       CASE WHEN d.how = 'ratio' THEN d.num_sum END AS numerator,
       CASE WHEN d.how = 'ratio' THEN d.den_sum END AS denominator,
       CASE WHEN d.how = 'carry' THEN d.one_low WHEN d.how = 'sum' AND d.exact_or_range AND NOT d.all_exact
            THEN d.low_sum END AS value_low,
       CASE WHEN d.how = 'carry' THEN d.one_high WHEN d.how = 'sum' AND d.exact_or_range AND NOT d.all_exact
            THEN d.high_sum END AS value_high,
       CASE WHEN d.how = 'carry' THEN d.one_qualifier
            WHEN d.how = 'ratio' THEN '='
            WHEN d.all_exact AND NOT d.apportioned THEN '='
            WHEN d.exact_or_range AND NOT d.apportioned THEN 'range'
            WHEN d.all_lower AND NOT d.apportioned THEN CASE WHEN d.any_gt THEN '>' ELSE '>=' END
            ELSE '~' END AS qualifier,
       d.status,
       CASE WHEN d.how = 'carry' THEN d.one_raw ELSE NULL END AS raw_text,
       true AS derived, d.partial, d.how = 'not_combined' AS not_combined,
       CASE d.how
         WHEN 'sum' THEN 'Cộng ' || d.n_reported || '/' || d.n_expected || ' đơn vị cũ'
         WHEN 'ratio' THEN 'Tính lại từ tử số, mẫu số của ' || d.n_reported || '/' || d.n_expected || ' đơn vị cũ'
         WHEN 'carry' THEN 'Giữ nguyên số của đơn vị cũ tương ứng'
         ELSE CASE WHEN d.rule = 'carry' THEN 'Không gộp: điểm số của từng đơn vị cũ không cộng, không bình quân được'
                   ELSE 'Không gộp: tỷ lệ không có trọng số / tử số, mẫu số' END
       END
       || CASE WHEN d.n_from_district > 0 THEN ', từ số liệu cấp huyện (' || d.district_notes || ')' ELSE '' END
       || CASE WHEN d.apportioned THEN ', chia theo diện tích ước tính' ELSE '' END
       || CASE WHEN d.n_reported < d.n_expected OR d.districts_missing
               THEN ' (chưa đủ: thiếu đơn vị chưa báo cáo)' ELSE '' END
       || CASE WHEN d.straddles THEN ' (chưa đủ: kỳ kéo qua 1/7/2025, đơn vị cũ chỉ báo cáo đến 30/6/2025)'
               ELSE '' END
       || ' — ' || d.parts AS derivation,
       NULL::VARCHAR AS source_title, NULL::VARCHAR AS source_text, NULL::DATE AS source_date, d.recorded_at
FROM derived d
JOIN units u ON u.unit_key = d.new_key
WHERE NOT EXISTS (      -- rule 1: the unit's own report for the same cell wins
    SELECT 1 FROM current_observations r
    WHERE r.unit_era = 'new' AND r.unit_key = d.new_key AND r.indicator_code = d.indicator_code
      AND r.period = d.period AND r.status = d.status)
UNION ALL
SELECT unit_key, unit_code, unit_name, unit_short_name, unit_level, indicator_code, period, period_kind, period_start,
       period_end, period_approximate, value, numerator, denominator, value_low, value_high, qualifier, status,
       raw_text, false AS derived, false AS partial, false AS not_combined, NULL AS derivation, source_title,
       source_text, source_date, recorded_at
FROM current_observations
WHERE unit_era = 'new';
