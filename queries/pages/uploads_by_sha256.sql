-- name: uploads_by_sha256
-- params: $sha256s VARCHAR[]
-- returns: upload_id, sha256, file_name, uploaded_by, uploaded_at
-- Why: the upload page asks before committing a file whose exact bytes were committed before and not undone.
SELECT upload_id, sha256, file_name, uploaded_by, uploaded_at
FROM uploads
WHERE list_contains($sha256s, sha256) AND undone_at IS NULL
ORDER BY uploaded_at DESC, upload_id DESC;
