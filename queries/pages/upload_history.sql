-- name: upload_history
-- params: $limit INTEGER
-- returns: upload_id, file_name, sha256, size_bytes, uploaded_by, uploaded_at, rows_new, rows_revised, rows_unchanged, rows_rejected, undone_at, undone_by, rows_current
-- Why: the audit trail on the upload page: who, when, which file (checksum) and what it did.
SELECT u.upload_id, u.file_name, u.sha256, u.size_bytes, u.uploaded_by, u.uploaded_at, u.rows_new, u.rows_revised,
       u.rows_unchanged, u.rows_rejected, u.undone_at, u.undone_by,
       (SELECT count(*) FROM observations o WHERE o.upload_id = u.upload_id AND o.superseded_at IS NULL)
           AS rows_current
FROM uploads u
ORDER BY u.uploaded_at DESC, u.upload_id DESC
LIMIT $limit;
