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
    "commit": ("Ghi tất cả vào kho", "Commit everything"),
    "commit_blocked": ("Chưa ghi được: {why}", "Cannot commit yet: {why}"),
    "need_name": ("hãy nhập tên người nhập", "enter who is uploading"),
    "has_errors": ("còn tệp có dòng bị từ chối", "some files have rejected rows"),
    "committed": ("Đã ghi {n} tệp (lần tải {ids}): {new} mới, {revised} sửa đổi.",
                  "Committed {n} files (uploads {ids}): {new} new, {revised} revised."),
    "history": ("Lịch sử tải lên", "Upload history"),
    "undo": ("Hoàn tác lần tải", "Undo upload"),
    "undo_button": ("Hoàn tác", "Undo"),
    "undone": ("Đã hoàn tác lần tải #{id}: số liệu trở lại như trước.", "Upload #{id} undone: figures restored."),
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
    "bad_period": ("Kỳ báo cáo không hợp lệ: {why}", "Invalid period: {why}"),
}


def t(key: str, lang: str = "vi", **fields: object) -> str:
    vi, en = _WORDS[key]
    text = vi if lang != "en" else en
    return text.format(**fields) if fields else text


def keys() -> list[str]:
    return list(_WORDS)
