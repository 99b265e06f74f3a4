-- migration: 009_source_licence
-- Why: a published table loaded as a seed (PAPI, CC0) is shown with its licence wherever its figures are
-- ("Nguồn: PAPI … (CC0)"): the licence belongs to the source, beside its title, author and publisher.
-- NULL where none was recorded (the seed documents, uploads).
ALTER TABLE sources ADD COLUMN licence VARCHAR;
