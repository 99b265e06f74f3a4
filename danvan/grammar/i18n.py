"""Interface words, Vietnamese first and English second. Pages look words up here by key."""

from __future__ import annotations

LANGS = ("vi", "en")

_WORDS: dict[str, tuple[str, str]] = {
    "app_title": ("Dân vận Dashboard", "Dân vận Dashboard"),
    "app_caption": ("Kết quả công tác dân vận chính quyền", "Results of government citizen-relations work"),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_compare": ("So sánh", "Compare"),
    "page_profile": ("Hồ sơ đơn vị", "Unit profile"),
    "page_upload": ("Nhập số liệu", "Upload returns"),
    "page_map": ("Bản đồ", "Map"),
    "choose": ("Chọn…", "Choose…"),
    "unit": ("Đơn vị", "Unit"),
    "units": ("Đơn vị so sánh", "Units compared"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "period": ("Kỳ báo cáo", "Period"),
    "as_of": ("Xếp hạng tính đến", "Ranking as of"),
    "no_data": ("Chưa có số liệu cho lựa chọn này.", "No data for this selection."),
    "no_previous": ("Không có số liệu kỳ trước", "No previous-period figure"),
    "previous": ("so với {period}", "vs {period}"),
    "trend_title": ("{indicator}: diễn biến theo kỳ", "{indicator}: trend over periods"),
    "ranking_title": ("{indicator}: xếp hạng (số liệu thực hiện mới nhất)", "{indicator}: ranking (latest actual)"),
    "source": ("Nguồn", "Source"),
    "quote": ("Trích dẫn", "Quote"),
    "value": ("Giá trị", "Value"),
    "status": ("Trạng thái", "Status"),
    "note": ("Ghi chú", "Note"),
    "approx_period": ("kỳ suy đoán", "inferred period"),
    "approx_date": ("ngày ước tính", "estimated date"),
    "legend_note": (
        "Ký hiệu: ▲ “trên/ít nhất”, ▼ “dưới/tối đa”, ◇ “khoảng”, dải màu = khoảng giá trị, nét đứt = dự kiến, "
        "chấm = mục tiêu. Cột gạch chéo: giá trị không chính xác tuyệt đối.",
        "Marks: ▲ “over/at least”, ▼ “under/at most”, ◇ “about”, band = range, dashed = expected, "
        "dotted = target. Hatched bar: value not exact.",
    ),
    "download_csv": ("Tải bảng (CSV)", "Download table (CSV)"),
    "cards_caption": ("{unit} — {period}", "{unit} — {period}"),
    "status_actual": ("thực hiện", "actual"),
    "status_expected": ("dự kiến", "expected"),
    "status_target": ("mục tiêu", "target"),
    "level_province": ("Tỉnh/thành phố", "Province"),
    "level_district": ("Cấp huyện", "District"),
    "level_commune": ("Cấp xã", "Commune"),
    "era_old": ("trước 1/7/2025", "before 1 Jul 2025"),
    "era_new": ("từ 1/7/2025", "from 1 Jul 2025"),
    "profile_caption": ("Mọi chỉ tiêu của đơn vị, kèm nguồn của từng số liệu.",
                        "Every indicator of the unit, with the source of each figure."),
    "reported_section": ("Số liệu báo cáo", "Reported figures"),
    "scores_section": ("Đánh giá của người dân (PAPI)", "Citizens' assessment (PAPI)"),
    "scores_caption": ("Điểm khảo sát ý kiến người dân về chính quyền tỉnh, đặt cạnh số liệu chính quyền báo cáo; "
                       "mỗi chỉ số nội dung 1–10 điểm, chỉ số tổng hợp 6–60 điểm, càng cao càng tốt.",
                       "Citizens' survey scores of their provincial government, beside the figures the government "
                       "reports; each dimension 1–10 points, the total 6–60, higher is better."),
    "scores_none": ("Không có điểm PAPI cho đơn vị này: PAPI chấm điểm từng tỉnh (63 tỉnh trước 1/7/2025); điểm "
                    "của các tỉnh đã hợp nhất không cộng, không bình quân được — xem hồ sơ từng tỉnh cũ.",
                    "No PAPI scores for this unit: PAPI scores each province (the 63 before 1 Jul 2025); scores of "
                    "merged provinces are never added or averaged — see each former province's profile."),
    "col_score": ("Chỉ số", "Index"),
    "download_scores_csv": ("Tải bảng điểm (CSV)", "Download the scores (CSV)"),
    "uploaded_by": ("Tải lên bởi {user} lúc {time}", "Uploaded by {user} at {time}"),
    "upload_intro": (
        "Gửi báo cáo định kỳ dạng CSV hoặc Excel (dạng dài hoặc bảng đơn vị × chỉ tiêu). Hệ thống kiểm tra từng dòng "
        "trước khi ghi: tệp còn dòng lỗi thì không ghi gì; nhiều tệp được ghi cùng lúc hoặc không tệp nào.",
        "Send periodic returns as CSV or Excel (long format or units × indicators). Every row is checked before "
        "anything is written: a file with a bad row writes nothing; several files commit together or not at all.",
    ),
    "user_name": ("Người nhập (họ tên, đơn vị)", "Uploaded by (name, office)"),
    "files": ("Tệp số liệu", "Return files"),
    "default_period": ("Kỳ báo cáo cho tệp không ghi kỳ", "Period for files that do not state one"),
    "default_period_help": ("Vd: 2023, 6 tháng đầu năm 2023, Quý II/2023, tháng 5/2023",
                            "E.g. 2023, 2023-H1, Quý II/2023, 2023-05"),
    "reading": ("Đang đọc và kiểm tra {name} ({i}/{n})…", "Reading and checking {name} ({i}/{n})…"),
    "rows_new": ("Mới", "New"),
    "rows_revised": ("Sửa đổi", "Revised"),
    "rows_unchanged": ("Không đổi", "Unchanged"),
    "rows_rejected": ("Bị từ chối", "Rejected"),
    "rejected_rows": ("Các dòng bị từ chối và lý do", "Rejected rows and reasons"),
    "revisions": ("Số liệu sửa đổi (cũ → mới)", "Revisions (old → new)"),
    "download_problems": ("Tải danh sách lỗi (Excel) để sửa và gửi lại", "Download the problems (Excel) to fix"),
    "report": ("Báo cáo kiểm tra (giống lệnh import --dry-run)", "Check report (same as import --dry-run)"),
    "confirm_era": ("Xác nhận thời kỳ: nạp dù tệp có vẻ là bản đồ của thời kỳ kia",
                    "Confirm the era: load even if the file looks like the other era's map"),
    "within": ("Đơn vị bao trùm (không bắt buộc)", "Parent unit (optional)"),
    "within_help": ("Mã hoặc tên tỉnh/huyện mà mọi đơn vị trong tệp thuộc về (vd 96 hoặc Huyện Lạc Sơn): tên đơn vị "
                    "được tìm trong đơn vị này, tránh nhầm sang đơn vị trùng tên ở nơi khác.",
                    "Code or name of the province/district every unit of the file belongs to: names are matched "
                    "inside it, never to a namesake elsewhere."),
    "where_rows_went": ("Số liệu đi đâu: đơn vị được nhận ra cho từng dòng", "Where each row went: the unit matched"),
    "only_by_name": ("Chỉ các dòng nhận theo tên", "Only rows matched by name"),
    "download_report": ("Tải báo cáo từng dòng (CSV)", "Download the row report (CSV)"),
    "col_unit_text": ("Đơn vị ghi trong tệp", "Unit as written"),
    "col_unit_code": ("Mã", "Code"),
    "col_unit_name": ("Đơn vị được nhận ra", "Unit matched"),
    "col_parent": ("Thuộc", "Within"),
    "col_matched_by": ("Nhận theo", "Matched by"),
    "col_check": ("Kết quả", "Result"),
    "col_problem": ("Lý do", "Reason"),
    "matched_code": ("mã", "code"),
    "matched_name": ("tên", "name"),
    "matched_alias": ("tên khác", "alias"),
    "row_accepted": ("nhận", "accepted"),
    "row_rejected": ("từ chối", "rejected"),
    "commit": ("Ghi tất cả vào kho", "Commit everything"),
    "commit_blocked": ("Chưa ghi được: {why}", "Cannot commit yet: {why}"),
    "need_name": ("hãy nhập tên người nhập", "enter who is uploading"),
    "has_errors": ("còn tệp có dòng bị từ chối", "some files have rejected rows"),
    "committed": ("Đã ghi {n} tệp (lần tải {ids}): {new} mới, {revised} sửa đổi.",
                  "Committed {n} files (uploads {ids}): {new} new, {revised} revised."),
    "history": ("Lịch sử tải lên", "Upload history"),
    "undo": ("Hoàn tác lần tải", "Undo upload"),
    "undo_button": ("Hoàn tác", "Undo"),
    "template": ("Tải mẫu báo cáo", "Download a template"),
    "template_scope": ("Đơn vị trong mẫu", "Units in the template"),
    "template_period": ("Kỳ báo cáo của mẫu", "Template period"),
    "template_indicators": ("Chỉ tiêu trong mẫu", "Indicators in the template"),
    "download_xlsx": ("Tải mẫu Excel", "Download Excel template"),
    "col_row": ("Dòng", "Row"),
    "col_column": ("Cột", "Column"),
    "col_text": ("Nội dung trong tệp", "Text in the file"),
    "col_message": ("Thông báo", "Message"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_old": ("Cũ", "Old"),
    "col_new": ("Mới", "New"),
    "col_upload": ("Lần tải", "Upload"),
    "col_file": ("Tệp", "File"),
    "col_by": ("Người nhập", "By"),
    "col_at": ("Thời điểm", "At"),
    "col_undone": ("Hoàn tác lúc", "Undone at"),
    "col_current": ("Số liệu đang dùng", "Figures in use"),
    "no_data_unit": ("Không có số liệu", "No data"),
    "approx_map": ("Ranh giới ước tính ở {n} đơn vị, không phải bản đồ chính thức",
                   "Approximate boundaries for {n} units, not an official map"),
    "map_era": ("Bản đồ", "Map"),
    "era_map_new": ("Bản đồ từ 1/7/2025 (34 tỉnh, 3.321 xã)", "Map from 1 Jul 2025 (34 provinces, 3,321 communes)"),
    "era_map_old": ("Bản đồ trước 1/7/2025 (63 tỉnh)", "Map before 1 Jul 2025 (63 provinces)"),
    "map_level": ("Cấp hiển thị", "Level shown"),
    "map_province": ("Tỉnh (xem các xã)", "Province (show its communes)"),
    "all_provinces": ("Cả nước", "Whole country"),
    "map_method": ("Cách chia lớp", "Classes"),
    "method_quantile": ("Phân vị", "Quantiles"),
    "method_equal": ("Khoảng đều", "Equal intervals"),
    "method_fixed": ("Ngưỡng cố định (danh mục)", "Fixed breaks (catalogue)"),
    "play": ("▶ Chạy qua các kỳ", "▶ Play through periods"),
    "stop": ("■ Dừng", "■ Stop"),
    "map_title": ("{indicator} — {period}", "{indicator} — {period}"),
    "map_click": ("Bấm vào một tỉnh để xem các xã; bấm vào một xã để mở hồ sơ.",
                  "Click a province to see its communes; click a commune to open its profile."),
    "open_profile": ("Mở hồ sơ {unit}", "Open the profile of {unit}"),
    "back_country": ("← Cả nước", "← Whole country"),
    "map_summary": ("{n} / {total} đơn vị có số liệu kỳ này.", "{n} of {total} units have data for this period."),
    "map_no_period": ("Chỉ tiêu này chưa có số liệu trên bản đồ đã chọn; các đơn vị để màu xám.",
                      "This indicator has no figures on the chosen map; units are grey."),
    "page_boundaries": ("Quản trị bản đồ", "Map administration"),
    "boundaries_intro": (
        "Bản đồ mặc định được ước tính từ tâm xã. Nạp ranh giới chính thức (GeoJSON, Shapefile nén .zip, "
        "GeoPackage) để thay thế; đơn vị không có trong tệp giữ hình ước tính.",
        "The default map is estimated from commune centres. Load official boundaries (GeoJSON, zipped Shapefile, "
        "GeoPackage) to replace it; units missing from the file keep their estimated shape.",
    ),
    "boundaries_layer": ("Lớp bản đồ", "Map layer"),
    "boundaries_field": ("Cột mã đơn vị trong tệp (để trống để tự nhận)", "Unit code column (empty: detect)"),
    "boundaries_file": ("Tệp ranh giới", "Boundary file"),
    "boundaries_check": ("Kiểm tra (không ghi)", "Check (write nothing)"),
    "boundaries_load": ("Nạp ranh giới chính thức", "Load official boundaries"),
    "partial": ("một phần", "partial"),
    "derived": ("Suy ra", "Derived"),
    "derived_band": ("Trước 1/7/2025: suy ra theo bản đồ hiện nay (hình rỗng)",
                     "Before 1 Jul 2025: derived onto today's map (open marks)"),
    "view": ("Cách xem", "View"),
    "view_reported": ("Như báo cáo (đơn vị thời đó)", "As reported (units of the time)"),
    "view_today": ("Theo bản đồ hiện nay (34 tỉnh)", "On today's map (34 provinces)"),
    "col_derived": ("Suy ra", "Derived"),
    "col_derivation": ("Cách suy ra", "How derived"),
    "map_derived": ("{n} đơn vị có số liệu suy ra từ đơn vị cũ theo bản đồ hiện nay ({partial} chưa đủ; "
                    "xem khi di chuột).",
                    "{n} units show figures derived from old units onto today's map ({partial} partial; "
                    "see the hover)."),
    "page_crosswalk": ("Chuyển đổi địa giới", "Boundary crosswalk"),
    "crosswalk_intro": (
        "Đơn vị cũ (trước 1/7/2025) hợp thành đơn vị hiện nay. Tỷ lệ của xã bị chia được ước tính theo diện tích "
        "bản đồ mặc định; nạp tệp CSV chính thức (level, old_code, new_code, share) để thay thế.",
        "Old units (before 1 Jul 2025) that make up today's units. Shares of split communes are estimated from the "
        "default map's areas; load an official CSV (level, old_code, new_code, share) to replace them.",
    ),
    "crosswalk_new_unit": ("Tỉnh hiện nay", "Province today"),
    "crosswalk_rows": ("Số dòng chuyển đổi", "Crosswalk rows"),
    "crosswalk_old": ("Đơn vị cũ", "Old unit"),
    "crosswalk_new": ("Đơn vị hiện nay", "Unit today"),
    "crosswalk_share": ("Tỷ lệ", "Share"),
    "crosswalk_upload": ("Tệp chuyển đổi chính thức (CSV)", "Official crosswalk (CSV)"),
    "crosswalk_load": ("Thay bằng tệp chính thức", "Replace with the official file"),
    "crosswalk_loaded": ("Đã thay {n} dòng chuyển đổi.", "Replaced {n} crosswalk rows."),
    "bad_period": ("Kỳ báo cáo không hợp lệ: {why}", "Invalid period: {why}"),
    # --- upload page: sheets, commit once, same file again, undo with confirmation
    "committing": ("Đang ghi…", "Committing…"),
    "committed_button": ("Đã ghi", "Committed"),
    "commit_failed": ("Không ghi được: {why}", "Nothing was committed: {why}"),
    "duplicate_file": ("Tệp này đã được ghi lúc {at} bởi {by} (lần tải #{id}). Vẫn ghi lại?",
                       "This file was committed at {at} by {by} (upload #{id}). Commit it again?"),
    "duplicate_confirm": ("Vẫn ghi lại tệp này", "Commit this file again"),
    "need_duplicate_confirm": ("có tệp đã được ghi trước đây, hãy xác nhận ghi lại",
                               "a file was committed before: confirm committing it again"),
    "undo_ask": ("Hoàn tác lần tải #{id}: tệp {file}, do {by} ghi lúc {at}. Sẽ xóa {new} số liệu mới và đưa {revised} "
                 "số liệu đã sửa về giá trị trước đó.",
                 "Undo upload #{id}: file {file}, committed by {by} at {at}. {new} new figures will be removed and "
                 "{revised} revised figures restored to their previous value."),
    "undo_confirm": ("Xác nhận hoàn tác", "Confirm undo"),
    "undo_cancel": ("Thôi, không hoàn tác", "Cancel"),
    "undone_detail": ("Đã hoàn tác lần tải #{id} (tệp {file}): xóa {new} số liệu, đưa {revised} số liệu về giá trị "
                      "trước đó.",
                      "Upload #{id} (file {file}) undone: {new} figures removed, {revised} figures restored to their "
                      "previous value."),
    "sheets_read": ("Các trang tính", "Sheets"),
    "col_sheet": ("Trang tính", "Sheet"),
    "col_layout": ("Bố cục", "Layout"),
    "col_reporting_unit": ("Đơn vị báo cáo", "Reporting unit"),
    "col_cells_read": ("Số ô đọc được", "Cells read"),
    "col_notes": ("Ghi chú", "Notes"),
    "layout_long": ("dạng dài", "long"),
    "layout_wide": ("dạng rộng", "wide"),
    "layout_down": ("chỉ tiêu theo dòng", "indicators down"),
    "layout_none": ("không có bảng", "no table"),
    "leave_out_sheets": ("Bỏ qua trang tính", "Leave out sheets"),
    "leave_out_help": ("Các trang tính được chọn ở đây không được kiểm tra và không được ghi.",
                       "Sheets chosen here are neither checked nor committed."),
    "sheet_left_out": ("Bỏ qua theo lựa chọn.", "Left out by choice."),
    # --- checks: not reported, conflicts, sources
    "row_not_reported": ("không báo cáo", "not reported"),
    "rows_not_reported": ("Không báo cáo", "Not reported"),
    "not_reported_help": ('Dòng không có số liệu (ô trống, "-", "x", "không có"…): bỏ qua và đếm, không phải lỗi. '
                          "Số 0 phải ghi là 0.",
                          'Rows with no figure (blank, "-", "x", "không có"…): skipped and counted, not an error. '
                          "A zero is written 0."),
    "nothing_to_commit": ("có tệp không có số liệu nào để ghi", "a file has no figure to commit"),
    "store_waiting": ("Đang có người ghi số liệu, xin đợi…", "Someone is writing figures; please wait…"),
    "store_busy": ("Kho dữ liệu đang bận, chưa làm gì cả: {why}", "The store is busy; nothing was done: {why}"),
    "source_box": ("Nguồn số liệu (nếu tệp không có cột Nguồn)", "Source (when the file has no Nguồn column)"),
    "source_box_help": (
        "Ví dụ: Báo cáo số 15/BC-UBND ngày 10/6/2024 của UBND huyện Lạc Sơn. Dòng có cột Nguồn giữ nguồn của mình.",
        "E.g. Report 15/BC-UBND of 10/6/2024 by Lạc Sơn district. Rows with their own Nguồn column keep it.",
    ),
    # --- today's view: partial figures
    "partial_legend": ("Một phần (chưa đủ đơn vị báo cáo)", "Partial (not every unit reported)"),
    "partial_hover": ("Một phần: chưa đủ đơn vị báo cáo", "Partial: not every unit reported"),
    "partial_note_map": ("Viền đứt nét, gạch chéo: số liệu một phần — chưa đủ đơn vị báo cáo ({n} đơn vị)",
                         "Dashed outline, hatched: partial figure — not every unit reported ({n} units)"),
    "partial_note_trend": ("(một phần): chưa đủ đơn vị báo cáo", "(partial): not every unit reported"),
    "partial_note_ranking": ("Thanh nhạt, viền đậm: một phần — chưa đủ đơn vị báo cáo",
                             "Pale bar, dark outline: partial — not every unit reported"),
    # --- seeds and crosswalk
    "crosswalk_methods": ("Toàn bảng cấp này: {rows} dòng, {official} dòng chính thức, {estimated} dòng ước tính theo "
                          "diện tích.",
                          "Whole table at this level: {rows} rows, {official} official, {estimated} estimated from "
                          "areas."),
    "crosswalk_upload_help": (
        "Cột level (province/commune), old_code, new_code, share (để trống = 1). CSV phân cách bằng dấu phẩy, dấu "
        "chấm phẩy hoặc tab; UTF-8 hoặc Unicode Text của Excel. Tỷ lệ của mỗi đơn vị cũ cộng lại bằng 1 (lệch "
        "không quá 0,001), ví dụ 0,333333 × 3.",
        "Columns level (province/commune), old_code, new_code, share (blank = 1). CSV separated by commas, "
        "semicolons or tabs; UTF-8 or Excel's Unicode Text. Each old unit's shares add up to 1 (within 0.001), "
        "e.g. 0.333333 × 3."),
    "crosswalk_failed": ("Không nạp được tệp chuyển đổi, chưa thay đổi gì: {why}",
                         "The crosswalk file could not be loaded; nothing was changed: {why}"),
}


def t(key: str, lang: str = "vi", **fields: object) -> str:
    vi, en = _WORDS[key]
    text = vi if lang != "en" else en
    return text.format(**fields) if fields else text


def keys() -> list[str]:
    return list(_WORDS)
