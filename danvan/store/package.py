"""The `vietnamadminunits` package's own data: its SQLite file (read through named queries in
queries/package/) and the 2025 merger links of `converter_2025.json`, joined once by the dataset's key columns.

The registry, the crosswalk and the default map all read the package through here, so the merger is joined
one way only: legacy communes by `provinceKey_districtKey_wardKey`, new communes by `(provinceKey, wardKey)`,
provinces by `provinceKey` (the keys the converter itself writes).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from danvan.store import _queries as queries


def dataset_path() -> str:
    return str(files("vietnamadminunits") / "data" / "dataset.db")


def rows(name: str) -> list[tuple]:
    """Rows of a named query of queries/package/, run on the package's SQLite file (no params)."""
    query = queries.load(name)
    queries.bind(query, {})
    with sqlite3.connect(dataset_path()) as src:
        return src.execute(query.sql).fetchall()


def converter() -> dict:
    return json.loads((files("vietnamadminunits") / "data" / "converter_2025.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MergerLinks:
    """The merger of 1/7/2025 by GSO codes, in the package's order."""

    provinces: dict[str, list[str]]  # new province code -> old province codes
    communes: dict[str, dict[str, bool]]  # old commune code -> {new commune code: is the default successor}
    unjoined: tuple[str, ...]  # Vietnamese notes on converter keys that name no unit of the dataset


@cache
def merger_links() -> MergerLinks:
    data = converter()
    province_code = {(era, k): c for era, k, c in rows("package_province_keys")}
    old_code = {path: code for path, code, *_ in rows("package_legacy_geometry") if code}
    new_code = {(p, w): code for p, w, code, *_ in rows("package_geometry_2025")}
    notes: list[str] = []

    provinces: dict[str, list[str]] = {}
    for new_key, old_keys in data["DICT_PROVINCE"].items():
        new = province_code.get(("new", new_key))
        if new is None:
            notes.append(f"Tỉnh mới không khớp: khóa '{new_key}'")
            continue
        provinces[new] = []
        for old_key in old_keys:
            old = province_code.get(("old", old_key))
            if old is None:
                notes.append(f"Tỉnh cũ không khớp: khóa '{old_key}'")
            else:
                provinces[new].append(old)

    communes: dict[str, dict[str, bool]] = defaultdict(dict)
    unjoined_old: set[str] = set()

    def link(province: str, old_key: str, new_ward: str, default: bool) -> None:
        old, new = old_code.get(old_key), new_code.get((province, new_ward))
        if old is None:
            if old_key not in unjoined_old:
                unjoined_old.add(old_key)
                notes.append(f"Xã cũ không khớp: khóa '{old_key}'")
        elif new is None:
            notes.append(f"Xã mới không khớp: tỉnh '{province}', khóa '{new_ward}' (từ xã cũ {old})")
        else:
            communes[old][new] = communes[old].get(new, False) or default

    for province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                link(province, old_key, new_ward, True)
    for province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for target in targets:
                link(province, old_key, target["newWardKey"], bool(target["isDefaultNewWard"]))
    return MergerLinks(provinces, dict(communes), tuple(notes))
