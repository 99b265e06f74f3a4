-- name: check_references
-- params: none
-- returns: obs_id, problem
-- Why: every figure traces to its source (a document or an upload) and names a unit and an indicator that exist.
SELECT o.obs_id, 'không có nguồn hay lần tải' AS problem
FROM observations o WHERE o.source_id IS NULL AND o.upload_id IS NULL
UNION ALL
SELECT o.obs_id, 'nguồn ' || o.source_id || ' không tồn tại' FROM observations o
LEFT JOIN sources s ON s.source_id = o.source_id WHERE o.source_id IS NOT NULL AND s.source_id IS NULL
UNION ALL
SELECT o.obs_id, 'lần tải ' || o.upload_id || ' không tồn tại' FROM observations o
LEFT JOIN uploads u ON u.upload_id = o.upload_id WHERE o.upload_id IS NOT NULL AND u.upload_id IS NULL
UNION ALL
SELECT o.obs_id, 'đơn vị ' || o.unit_key || ' không có' FROM observations o
LEFT JOIN units u ON u.unit_key = o.unit_key WHERE u.unit_key IS NULL
UNION ALL
SELECT o.obs_id, 'chỉ tiêu ' || o.indicator_code || ' không có' FROM observations o
LEFT JOIN indicators i ON i.code = o.indicator_code WHERE i.code IS NULL
UNION ALL
SELECT obs_id, 'giá trị không hữu hạn' FROM observations
WHERE NOT isfinite(coalesce(value, 0)) OR NOT isfinite(coalesce(numerator, 0))
   OR NOT isfinite(coalesce(denominator, 0)) OR NOT isfinite(coalesce(value_low, 0))
   OR NOT isfinite(coalesce(value_high, 0))
ORDER BY ALL LIMIT 100;
