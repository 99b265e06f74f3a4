-- name: package_legacy_units
-- params: none
-- returns: province, provinceShort, provinceCode, provinceLat, provinceLon, district, districtShort, districtType, districtCode, districtLat, districtLon, ward, wardShort, wardType, wardCode, wardLat, wardLon
-- Runs on the vietnamadminunits SQLite file (not the store): the units in force until 30/6/2025.
SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, district, districtShort,
       districtType, districtCode, districtLat, districtLon, ward, wardShort, wardType, wardCode,
       wardLat, wardLon
FROM admin_units_legacy
ORDER BY provinceCode, districtCode, wardCode
