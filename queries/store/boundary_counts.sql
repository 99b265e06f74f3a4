-- name: boundary_counts
-- params: none
-- returns: era, level, units, shapes, official
-- Why: tells whether the default map must be built (a unit without a shape) and how much is official.
SELECT u.era, u.level, count(*) AS units, count(b.unit_key) AS shapes,
       count(*) FILTER (WHERE b.approximate = false) AS official
FROM units u
LEFT JOIN boundaries b ON b.era = u.era AND b.level = u.level AND b.unit_key = u.unit_key
GROUP BY u.era, u.level
ORDER BY u.era = 'old', CASE u.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END;
