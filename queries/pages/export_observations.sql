-- name: export_observations
-- params: $unit_code VARCHAR, $indicator VARCHAR
-- returns: unit_code, unit_name, indicator_code, period, value, numerator, denominator, value_low, value_high, qualifier, status, source
-- Why: the long export format; NULL params mean "all". `source` names the document or upload, led by the
-- return's own source text when it had one: "Báo cáo số 12/BC-UBND (tải lên: q1.xlsx, Chị Lan, 2026-11-23 10:00)";
-- a seed's licence closes it: "PAPI 2011–2016: … — CECODES, VFF-CRT, UNDP (CC0)".
SELECT unit_code, unit_name, indicator_code, period, value, numerator, denominator, value_low, value_high,
       qualifier, status,
       CASE WHEN source_kind = 'upload' AND source_text IS NOT NULL
            THEN source_text || ' (tải lên: ' || source_title || ', ' || uploaded_by || ', '
                 || strftime(uploaded_at, '%Y-%m-%d %H:%M') || ')'
            WHEN source_kind = 'upload'
            THEN 'Tải lên: ' || source_title || ' (' || uploaded_by || ', ' || strftime(uploaded_at, '%Y-%m-%d %H:%M') || ')'
            ELSE source_title || COALESCE(' — ' || source_publisher, '')
                 || COALESCE(', ' || strftime(source_date, '%d/%m/%Y'), '')
                 || CASE WHEN source_date_approximate THEN ' (ngày ước tính)' ELSE '' END
                 || COALESCE(' (' || source_licence || ')', '')
       END AS source
FROM current_observations
WHERE ($unit_code IS NULL OR unit_code = $unit_code)
  AND ($indicator IS NULL OR indicator_code = $indicator)
ORDER BY unit_era DESC, unit_code, indicator_code, period_start, status;
