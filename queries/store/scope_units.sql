-- name: scope_units
-- params: $scope_key VARCHAR
-- returns: unit_key
-- Why: a scope is its unit and everything below it in its era, carried across the 2025 merger by the crosswalk:
-- communes of the other era that overlap one of its communes (wholly or partly: old Bạc Liêu staff keep their
-- communes inside new Cà Mau), and provinces of the other era that lie wholly within it with everything below
-- them (a new province covers the old provinces merged into it; an old province does not cover the new one it
-- was merged into, only its own communes there).
WITH RECURSIVE below(unit_key) AS (
    SELECT unit_key FROM units WHERE unit_key = $scope_key
    UNION
    SELECT u.unit_key FROM units u JOIN below b ON u.parent_key = b.unit_key
),
communes AS (
    SELECT c.new_key AS unit_key FROM crosswalk c JOIN below b ON c.old_key = b.unit_key WHERE c.level = 'commune'
    UNION
    SELECT c.old_key FROM crosswalk c JOIN below b ON c.new_key = b.unit_key WHERE c.level = 'commune'
),
provinces AS (
    SELECT old_key AS unit_key FROM crosswalk WHERE level = 'province'
    GROUP BY old_key HAVING bool_and(new_key IN (SELECT unit_key FROM below))
    UNION
    SELECT new_key FROM crosswalk WHERE level = 'province'
    GROUP BY new_key HAVING bool_and(old_key IN (SELECT unit_key FROM below))
)
SELECT unit_key FROM below
UNION SELECT unit_key FROM communes
UNION SELECT u.unit_key FROM units u JOIN provinces p ON u.province_key = p.unit_key;
