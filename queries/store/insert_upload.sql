-- name: insert_upload
-- params: $file_name VARCHAR, $sha256 VARCHAR, $size_bytes BIGINT, $uploaded_by VARCHAR, $uploaded_at TIMESTAMP, $rows_new INTEGER, $rows_revised INTEGER, $rows_unchanged INTEGER, $rows_rejected INTEGER
-- returns: upload_id
INSERT INTO uploads (file_name, sha256, size_bytes, uploaded_by, uploaded_at, rows_new, rows_revised,
                     rows_unchanged, rows_rejected)
VALUES ($file_name, $sha256, $size_bytes, $uploaded_by, $uploaded_at, $rows_new, $rows_revised,
        $rows_unchanged, $rows_rejected)
RETURNING upload_id;
