-- name: boundaries_for
-- params: $era VARCHAR, $level VARCHAR, $province_key VARCHAR
-- returns: unit_key, code, name, geojson, approximate, source
-- Why: one map layer (all units of a level, or those of one province), with the names the map shows. A district
-- without communes (the island districts before 2025: Hoàng Sa, Bạch Long Vĩ, Cồn Cỏ, Lý Sơn, Côn Đảo) is drawn on
-- the commune layer too, so the pre-2025 commune map never loses an island.
SELECT b.unit_key, u.code, u.name, b.geojson, b.approximate, b.source
FROM boundaries b
JOIN units u ON u.unit_key = b.unit_key
WHERE b.era = $era AND ($province_key IS NULL OR u.province_key = $province_key)
  AND (b.level = $level
       OR ($level = 'commune' AND b.level = 'district'
           AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_key = u.unit_key)))
ORDER BY u.code;
