-- name: stage_incoming
-- params: none
-- returns: (creates temp table staged) obs_id, change, prev_obs_id, and every observation column
-- Why: classify a batch against what is current in one set-based pass (fast at a million rows);
-- reads the registered relation `incoming` (observation columns, already validated).
CREATE OR REPLACE TEMP TABLE staged AS
SELECT
    i.*,
    cur.obs_id AS prev_obs_id,
    cur.raw_text AS prev_raw_text,
    cur.value AS prev_value,
    CASE
        WHEN cur.obs_id IS NULL THEN 'new'
        WHEN cur.value IS NOT DISTINCT FROM i.value
         AND cur.numerator IS NOT DISTINCT FROM i.numerator
         AND cur.denominator IS NOT DISTINCT FROM i.denominator
         AND cur.value_low IS NOT DISTINCT FROM i.value_low
         AND cur.value_high IS NOT DISTINCT FROM i.value_high
         AND cur.qualifier = i.qualifier THEN 'unchanged'
        ELSE 'revised'
    END AS change
FROM incoming i
LEFT JOIN observations cur
  ON cur.superseded_at IS NULL
 AND cur.unit_key = i.unit_key
 AND cur.indicator_code = i.indicator_code
 AND cur.period = i.period
 AND cur.status = i.status;
