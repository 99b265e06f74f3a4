-- name: compare_units
-- params: none
-- returns: unit_key, unit_code, unit_name, unit_level, unit_era, province_name
-- Why: the compare picker's unit register, read once (it does not depend on the indicator, the view or the chosen
-- units, so it stays cached across them): the page offers the chosen units, the provinces of the view's era(s) and
-- the matches of its search box, labelled with level and era. A district or commune also names its province.
SELECT u.unit_key, u.code AS unit_code, u.name AS unit_name, u.level AS unit_level, u.era AS unit_era,
       CASE WHEN u.level = 'province' THEN NULL ELSE p.short_name END AS province_name
FROM units u
LEFT JOIN units p ON p.unit_key = u.province_key
ORDER BY CASE u.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, CASE u.era WHEN 'new' THEN 0 ELSE 1 END,
         u.code;
