-- name: staged_revisions
-- params: $limit INTEGER
-- returns: unit_key, indicator_code, period, status, prev_raw_text, prev_value, raw_text, value
SELECT unit_key, indicator_code, period, status, prev_raw_text, prev_value, raw_text, value
FROM staged WHERE change = 'revised'
ORDER BY unit_key, indicator_code, period
LIMIT $limit;
