-- name: crosswalk_units
-- params: none
-- returns: unit_key, code, era, level, name, province_key, parent_key
-- Why: the crosswalk joins the package's name keys back to registry units (names of a commune's district
-- and province are needed to rebuild the legacy keys), and CSV corrections resolve codes against them.
SELECT unit_key, code, era, level, name, province_key, parent_key
FROM units
WHERE level IN ('province', 'district', 'commune')
ORDER BY era, level, code;
