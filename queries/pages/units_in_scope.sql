-- name: units_in_scope
-- params: $era VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, code, name, level, province_key, lat, lon
-- Why: the units of a template or a map: all provinces of an era, or the units of one level in one province.
SELECT unit_key, code, name, level, province_key, lat, lon
FROM units
WHERE era = $era AND level = $level AND ($province_key IS NULL OR province_key = $province_key)
ORDER BY code;
