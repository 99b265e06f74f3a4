-- name: units_in_scope
-- params: $era VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, code, name, level, province_key
-- Why: the units a template is made for: all provinces of an era, or the communes of one province.
SELECT unit_key, code, name, level, province_key
FROM units
WHERE era = $era AND level = $level AND ($province_key IS NULL OR province_key = $province_key)
ORDER BY code;
