-- name: checkpoint
-- params: none
-- returns: nothing
-- Why: write the WAL into the database file, so a copy of the file taken under the same lease is complete.
CHECKPOINT;
