-- name: upsert_source
-- params: $source_ref VARCHAR, $kind VARCHAR, $title VARCHAR, $publisher VARCHAR, $author VARCHAR, $published_on DATE, $date_approximate BOOLEAN, $file_name VARCHAR, $sha256 VARCHAR, $note VARCHAR, $licence VARCHAR
-- returns: source_id
INSERT INTO sources (source_ref, kind, title, publisher, author, published_on, date_approximate, file_name,
                     sha256, note, licence)
VALUES ($source_ref, $kind, $title, $publisher, $author, $published_on, $date_approximate, $file_name,
        $sha256, $note, $licence)
ON CONFLICT (source_ref) DO UPDATE SET
    title = excluded.title, publisher = excluded.publisher, author = excluded.author,
    published_on = excluded.published_on, date_approximate = excluded.date_approximate,
    file_name = excluded.file_name, sha256 = excluded.sha256, note = excluded.note,
    licence = excluded.licence
RETURNING source_id;
