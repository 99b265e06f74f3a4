-- name: package_province_keys
-- params: none
-- returns: era, provinceKey, provinceCode
-- Runs on the vietnamadminunits SQLite file: the package's own province keys (as converter_2025.json writes them).
SELECT DISTINCT 'old' AS era, provinceKey, provinceCode FROM admin_units_legacy
UNION ALL
SELECT DISTINCT 'new' AS era, provinceKey, provinceCode FROM admin_units
ORDER BY era, provinceCode
