-- name: get_upload
-- params: $upload_id BIGINT
-- returns: upload_id, file_name, uploaded_by, uploaded_at, undone_at
SELECT upload_id, file_name, uploaded_by, uploaded_at, undone_at FROM uploads WHERE upload_id = $upload_id;
