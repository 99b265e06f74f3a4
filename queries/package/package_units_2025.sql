-- name: package_units_2025
-- params: none
-- returns: province, provinceShort, provinceCode, provinceLat, provinceLon, ward, wardShort, wardType, wardCode, wardLat, wardLon, wardAreaKm2
-- Runs on the vietnamadminunits SQLite file (not the store): the 34 provinces and 3,321 communes from 1/7/2025.
SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, ward, wardShort, wardType,
       wardCode, wardLat, wardLon, wardAreaKm2
FROM admin_units
ORDER BY provinceCode, wardCode
