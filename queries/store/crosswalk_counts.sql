-- name: crosswalk_counts
-- params: none
-- returns: level, rows, old_units, new_units, estimated, official
-- Why: tells whether the crosswalk must be built and how much of it is an estimate.
SELECT level, count(*) AS rows, count(DISTINCT old_key) AS old_units, count(DISTINCT new_key) AS new_units,
       count(*) FILTER (WHERE method = 'area_estimate') AS estimated,
       count(*) FILTER (WHERE method = 'official') AS official
FROM crosswalk
GROUP BY level
ORDER BY level = 'commune';
