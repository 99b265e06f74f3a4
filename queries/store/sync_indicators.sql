-- name: sync_indicators
-- params: none
-- returns: nothing; replaces the indicators table from the registered relation `catalogue_rows`
DELETE FROM indicators;
INSERT INTO indicators BY NAME SELECT * FROM catalogue_rows;
