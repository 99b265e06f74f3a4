-- name: package_geometry_2025
-- params: none
-- returns: provinceKey, wardKey, wardCode, wardLon, wardLat, wardAreaKm2
-- Runs on the vietnamadminunits SQLite file: points and areas of the 2025 communes with the package's keys.
SELECT provinceKey, wardKey, wardCode, wardLon, wardLat, wardAreaKm2
FROM admin_units
ORDER BY wardCode
