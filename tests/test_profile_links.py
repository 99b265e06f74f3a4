"""Links into Hồ sơ never land on another unit silently: a unit without figures is opened and says so; a key no
unit has is named in a warning (issue 13: "Mở hồ sơ" of a commune without data opened Bình Phước)."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_page_db")


def profile(**query) -> AppTest:
    return open_page("../pages/3_ho_so.py", 60, **query)


def test_a_commune_without_figures_opens_its_own_profile():
    at = profile(unit="new:00004", view="today")  # Phường Ba Đình (Hà Nội, 2025): nothing reported in the seed
    assert not at.exception
    select = at.selectbox(key="sel_unit")
    assert select.value == "new:00004"
    assert "Phường Ba Đình" in select.format_func(select.value)
    assert "không có số liệu" in select.format_func(select.value)


def test_an_old_commune_without_figures_opens_itself():
    at = profile(unit="old:25000")  # Thị trấn Di Linh (Lâm Đồng), the example: it used to open Bình Phước
    assert not at.exception
    select = at.selectbox(key="sel_unit")
    assert select.value == "old:25000" and "Thị trấn Di Linh" in select.format_func(select.value)


def test_an_unknown_unit_is_named_not_replaced_silently():
    at = profile(unit="old:99999")
    assert not at.exception
    shown = [w.value.replace("\\", "").replace("\u2060", "") for w in at.warning]  # as Markdown renders it
    assert shown == [
        "Không có đơn vị “old:99999” trong danh mục đơn vị hành chính; hãy chọn một đơn vị bên dưới."]
