-- name: audit_log
-- params: $username VARCHAR, $unit_key VARCHAR, $action VARCHAR, $limit INTEGER
-- returns: at, username, display_name, action, unit_keys, unit_names, upload_id, file_name, detail
-- Why: who did what and when, newest first, filtered by user, unit (the unit itself, or its province or district
-- naming a unit below it) or action (NULL = any).
SELECT a."at", a.username, s.display_name, a.action, a.unit_keys,
       coalesce((SELECT list(coalesce(u.name, k.k) ORDER BY k.k) FROM unnest(a.unit_keys) AS k(k)
                 LEFT JOIN units u ON u.unit_key = k.k), []::VARCHAR[]) AS unit_names,
       a.upload_id, p.file_name, a.detail
FROM audit_log a
LEFT JOIN users s ON s.username = a.username
LEFT JOIN uploads p ON p.upload_id = a.upload_id
WHERE ($username IS NULL OR a.username = $username)
  AND ($unit_key IS NULL OR EXISTS (SELECT 1 FROM unnest(a.unit_keys) AS k(k) JOIN units u ON u.unit_key = k.k
                                    WHERE $unit_key IN (u.unit_key, u.parent_key, u.province_key)))
  AND ($action IS NULL OR a.action = $action)
ORDER BY a."at" DESC, a.audit_id DESC
LIMIT coalesce($limit, 500);
