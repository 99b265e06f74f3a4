-- name: boundary_counts
-- params: $file_prefix VARCHAR, $legacy_source VARCHAR
-- returns: era, level, units, shapes, official, from_file, legacy
-- Why: tells whether the default map must be built (a unit without a shape, or a shape of the estimated map that
-- stores built before the official 2025 shapes carry: source $legacy_source), how much of it is official (not
-- estimated: the shipped 2025 shapes and loaded files) and how much came from files staff loaded (source starting
-- with $file_prefix).
SELECT u.era, u.level, count(*) AS units, count(b.unit_key) AS shapes,
       count(*) FILTER (WHERE b.approximate = false) AS official,
       count(*) FILTER (WHERE starts_with(b.source, $file_prefix)) AS from_file,
       count(*) FILTER (WHERE b.source = $legacy_source) AS legacy
FROM units u
LEFT JOIN boundaries b ON b.era = u.era AND b.level = u.level AND b.unit_key = u.unit_key
GROUP BY u.era, u.level
ORDER BY u.era = 'old', CASE u.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END;
