-- migration: 002_uploads
-- Why: every upload is a unit of work that can be audited and undone exactly.

CREATE SEQUENCE upload_id_seq START 1;
CREATE TABLE uploads (
    upload_id      BIGINT PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    size_bytes     BIGINT NOT NULL,
    uploaded_by    VARCHAR NOT NULL,
    uploaded_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_new       INTEGER NOT NULL DEFAULT 0,
    rows_revised   INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    undone_at      TIMESTAMP,
    undone_by      VARCHAR
);
