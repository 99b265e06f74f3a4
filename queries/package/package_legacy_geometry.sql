-- name: package_legacy_geometry
-- params: none
-- returns: ward_path, wardCode, wardLon, wardLat, wardBounds, districtCode, districtBounds
-- Runs on the vietnamadminunits SQLite file: points and boxes of the legacy communes, with the package's
-- own key path (provinceKey_districtKey_wardKey) that converter_2025.json uses.
SELECT provinceKey || '_' || districtKey || '_' || wardKey AS ward_path, wardCode, wardLon, wardLat, wardBounds,
       districtCode, districtBounds
FROM admin_units_legacy
ORDER BY districtCode, wardCode
