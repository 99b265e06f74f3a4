-- name: store_counts
-- params: none
-- returns: units, indicators, observations, uploads
SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM indicators) AS indicators,
       (SELECT count(*) FROM current_observations) AS observations, (SELECT count(*) FROM uploads) AS uploads;
