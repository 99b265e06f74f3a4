-- view: current_observations
-- Why: pages and exports read only what is current (not superseded), joined to its unit,
-- indicator and source, so every number on screen carries its provenance. source_text: the return's own
-- "Nguồn" for the figure (NULL when the file had none); source_title names the document or uploaded file;
-- source_author and source_licence: who made a published table and under which licence (PAPI, CC0).
CREATE OR REPLACE VIEW current_observations AS
SELECT
    o.obs_id, o.unit_key, u.code AS unit_code, u.name AS unit_name, u.short_name AS unit_short_name,
    u.level AS unit_level, u.era AS unit_era, u.parent_key, u.province_key,
    o.indicator_code, o.period, o.period_kind, o.period_start, o.period_end, o.period_approximate,
    o.value, o.numerator, o.denominator, o.value_low, o.value_high,
    o.qualifier, o.status, o.raw_text, o.quote, o.note, o.source_text,
    o.source_id, o.upload_id, o.recorded_at, o.recorded_by,
    COALESCE(s.title, up.file_name) AS source_title,
    s.publisher AS source_publisher, s.published_on AS source_date, s.date_approximate AS source_date_approximate,
    s.source_ref, s.author AS source_author, s.licence AS source_licence,
    CASE WHEN o.upload_id IS NOT NULL THEN 'upload' ELSE COALESCE(s.kind, 'manual') END AS source_kind,
    up.uploaded_by, up.uploaded_at
FROM observations o
JOIN units u ON u.unit_key = o.unit_key
LEFT JOIN sources s ON s.source_id = o.source_id
LEFT JOIN uploads up ON up.upload_id = o.upload_id
WHERE o.superseded_at IS NULL;
