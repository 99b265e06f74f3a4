-- name: staged_counts
-- params: none
-- returns: change, n
SELECT change, count(*) AS n FROM staged GROUP BY change ORDER BY change;
