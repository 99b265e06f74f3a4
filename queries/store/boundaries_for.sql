-- name: boundaries_for
-- params: $era VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, code, name, geojson, approximate, source
-- Why: one map layer (all units of a level, or those of one province), with the names the map shows.
SELECT b.unit_key, u.code, u.name, b.geojson, b.approximate, b.source
FROM boundaries b
JOIN units u ON u.unit_key = b.unit_key
WHERE b.era = $era AND b.level = $level AND ($province_key IS NULL OR u.province_key = $province_key)
ORDER BY u.code;
