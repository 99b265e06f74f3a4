-- name: overview_recent
-- params: $limit INTEGER
-- returns: kind, title, who, happened_at, published_on, rows_new, rows_revised, undone
-- Why: "what is new" on the overview: the latest uploads and seed sources (documents, workbooks), newest first.
SELECT * FROM (
    SELECT 'upload' AS kind, u.file_name AS title, u.uploaded_by AS who, u.uploaded_at AS happened_at,
           NULL::DATE AS published_on, u.rows_new, u.rows_revised, u.undone_at IS NOT NULL AS undone
    FROM uploads u
    UNION ALL
    SELECT 'seed' AS kind, COALESCE(s.title, v.source_ref) AS title, s.publisher AS who, v.applied_at AS happened_at,
           s.published_on, v.rows_new, v.rows_revised, false AS undone
    FROM seed_versions v
    LEFT JOIN sources s ON s.source_ref = v.source_ref
)
ORDER BY happened_at DESC, title
LIMIT $limit;
