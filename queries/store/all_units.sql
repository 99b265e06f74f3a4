-- name: all_units
-- params: none
-- returns: unit_key, code, era, level, name, short_name, name_key, unit_type, parent_key, province_key, valid_from, valid_to, lat, lon, area_km2
-- Why: the in-memory UnitIndex (lookups by code and name) is built from every unit of both eras.
SELECT unit_key, code, era, level, name, short_name, name_key, unit_type, parent_key, province_key, valid_from,
       valid_to, lat, lon, area_km2
FROM units;
