-- name: seed_versions_current
-- params: none
-- returns: source_ref, version
-- Why: the version of each seed document the store holds (its latest application); `init` skips a document whose
-- version in documents.yml is this one, without staging anything.
SELECT source_ref, arg_max(version, seed_version_id) AS version
FROM seed_versions
GROUP BY source_ref
ORDER BY source_ref;
