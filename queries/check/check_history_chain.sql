-- name: check_history_chain
-- params: none
-- returns: obs_id, problem
-- Why: a superseded row points at an existing successor; a row withdrawn without successor belongs to an undone
-- upload; a current row has no successor. Undo relies on this chain.
SELECT o.obs_id, 'thay bởi dòng ' || o.superseded_by || ' không tồn tại' AS problem
FROM observations o LEFT JOIN observations s ON s.obs_id = o.superseded_by
WHERE o.superseded_by IS NOT NULL AND s.obs_id IS NULL
UNION ALL
SELECT o.obs_id, 'bị rút mà lần tải ' || coalesce(o.upload_id::VARCHAR, '(không có)') || ' chưa hoàn tác' AS problem
FROM observations o LEFT JOIN uploads u ON u.upload_id = o.upload_id
WHERE o.superseded_at IS NOT NULL AND o.superseded_by IS NULL AND u.undone_at IS NULL
UNION ALL
SELECT obs_id, 'hiện hành nhưng có dòng thay thế' AS problem
FROM observations WHERE superseded_at IS NULL AND superseded_by IS NOT NULL
ORDER BY ALL LIMIT 100;
