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
}


def t(key: str, lang: str = "vi", **fields: object) -> str:
    vi, en = _WORDS[key]
    text = vi if lang != "en" else en
    return text.format(**fields) if fields else text


def keys() -> list[str]:
    return list(_WORDS)
