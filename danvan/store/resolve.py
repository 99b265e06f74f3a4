"""Which unit a return means, or why it cannot say: never the first of several matches.

Rules (README, "Đơn vị được nhận ra thế nào"):
- A code resolves only at the width written (2 digits a province, 3 a district, 5 a commune), or at the width
  its column names ("Mã tỉnh" → 2; Excel's 1 for 01 is padded only then). No other width or level is tried.
- A name resolves within its context (the row's province and district columns, the title's reporting unit,
  a parent chosen by the user), through the registry's names and the alias table (data/registry/aliases.csv)
  with each alias's validity. A written prefix ("Huyện", "Tỉnh", "Xã"…) restricts the type; no fallback.
- A name holding a letter that is not Latin (Cyrillic, Greek, zero-width…) is unknown, never shortened.
- A former unit is refused with what it became; so is a bare name whose higher-level meaning is no longer valid.
- The same code or name in both eras (periods straddling 1/7/2025) is the era in force at the period's end.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from danvan.grammar.periods import date_text
from danvan.grammar.text import ascii_digits, describe_character, fold, foreign_characters, key, nfc
from danvan.store import package
from danvan.store.registry import LEVEL_RANK, MERGER_DATE, Alias, Unit, UnitIndex, split_prefix

LEVEL_WIDTH = {"province": 2, "district": 3, "commune": 5}
WIDTH_LEVEL = {w: lvl for lvl, w in LEVEL_WIDTH.items()}
LEVEL_VI = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
# Levels a written prefix allows (folded type → levels): "Thành phố" is a province or a district city.
PREFIX_LEVELS = {
    "tinh": {"province"}, "thanh pho": {"province", "district"}, "huyen": {"district"}, "quan": {"district"},
    "thi xa": {"district"}, "xa": {"commune"}, "phuong": {"commune"}, "thi tran": {"commune"},
    "dac khu": {"commune"},
}
TYPE_VI = {"tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận", "thi xa": "thị xã",
           "xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "dac khu": "đặc khu"}
_SUGGEST_LIMIT = 400  # distinct unknown names that get a suggestion (difflib over a scope is not free)
_CANDIDATES_SHOWN = 5


@dataclass(frozen=True)
class Match:
    """A resolved unit, or the Vietnamese reason there is none; `by` says how it was found."""

    unit: Unit | None
    problem: str | None = None
    by: str | None = None  # "code" | "name" | "alias"


def _has_type(unit: Unit, folded_type: str) -> bool:
    """The unit is of the written type by its type or by its own name (the package types a few wards "Xã")."""
    return fold(unit.unit_type or "") == folded_type or fold(unit.name).startswith(folded_type + " ")


def _accented(text: str) -> str:
    """Lower-case letters with their accents, no spaces or punctuation: 'Văn Lăng' ≠ 'Văn Lang'."""
    return "".join(ch for ch in nfc(text).lower() if ch.isalnum())


def _d(day: date | None) -> str:
    return date_text(day) if day else "…"


class Resolver:
    """Resolves unit texts against one registry index; caches per (text, level, context, period)."""

    def __init__(self, index: UnitIndex) -> None:
        self.index = index
        self._cache: dict[tuple, Match] = {}
        self._suggested = 0
        self._scopes: dict[tuple, dict[str, Unit]] = {}

    # ------------------------------------------------------------------ public

    def resolve(self, text: str, start: date, end: date, level: str | None = None,
                within: tuple[Unit, ...] = ()) -> Match:
        cache_key = (text, level, tuple(u.unit_key for u in within), start, end)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._resolve(str(text).strip(), start, end, level, within)
        return self._cache[cache_key]

    def describe(self, unit: Unit) -> str:
        """'Xã Tân Phú (Huyện Đồng Phú, Tỉnh Bình Phước)': a candidate as a person can tell it apart."""
        parents = []
        key_ = unit.parent_key
        while key_ and key_ in self.index.by_key:
            parent = self.index.by_key[key_]
            parents.append(parent.name)
            key_ = parent.parent_key
        return f"{unit.name} ({', '.join(parents)})" if parents else unit.name

    # ------------------------------------------------------------------ rules

    def _resolve(self, text: str, start: date, end: date, level: str | None, within: tuple[Unit, ...]) -> Match:
        if not text:
            return Match(None, "Thiếu đơn vị.")
        digits = ascii_digits(text).replace(" ", "")
        if digits.isdigit():
            return self._by_code(text, digits, start, end, level, within)
        odd = foreign_characters(text)
        if odd:
            return Match(None, f'Tên đơn vị "{text}" có ký tự lạ {describe_character(odd[0])}: gõ lại bằng '
                               "bàn phím tiếng Việt (Unicode dựng sẵn) hoặc dùng mã đơn vị.")
        return self._by_name(text, start, end, level, within)

    def _by_code(self, text: str, digits: str, start: date, end: date, level: str | None,
                 within: tuple[Unit, ...]) -> Match:
        if level:
            width = LEVEL_WIDTH[level]
            if len(digits) > width:
                return Match(None, f'Mã "{text}" có {len(digits)} chữ số, nhưng cột này là mã {LEVEL_VI[level]} '
                                   f"({width} chữ số).")
            code = digits.zfill(width)
        elif len(digits) in WIDTH_LEVEL:
            code, level = digits, WIDTH_LEVEL[len(digits)]
        else:
            return Match(None, f'Mã "{text}" có {len(digits)} chữ số: mã tỉnh có 2, mã huyện 3, mã xã 5 chữ số '
                               "(giữ các số 0 ở đầu, vd 01, 00070). Hoặc đặt tên cột là Mã tỉnh / Mã huyện / Mã xã.")
        units = [u for u in self.index.by_code.get(code, []) if u.level == level]
        valid = [u for u in units if u.overlaps(start, end)]
        if not units:
            return Match(None, f'Không có {LEVEL_VI[level]} nào mã "{code}".')
        if not valid:
            return Match(None, self._not_in_force(units[0], start, end))
        inside = [u for u in valid if self._inside(u, within)]
        if not inside:
            return Match(None, f'Mã "{code}" là {self.describe(valid[0])}, không thuộc '
                               f"{' / '.join(w.name for w in within)}.")
        return Match(self._era_of_end(inside, end), None, "code")

    def _by_name(self, text: str, start: date, end: date, level: str | None, within: tuple[Unit, ...]) -> Match:
        rest, wanted_type = split_prefix(fold(text))
        name_key = key(rest)
        found: dict[str, tuple[Unit, str]] = {}
        namesakes: list[Unit] = []  # same name, any type: for the message when the prefix fits none
        # The text as a whole may be a unit's name: "Huyện Lạc Sơn", "Phường 2", and names whose first syllable
        # folds like a prefix ("Quản Bạ", "Tịnh Biên", "Phương Viên"). Only what is found after stripping a
        # prefix must be of the level and type the prefix names.
        allowed = PREFIX_LEVELS.get(wanted_type or "", set(LEVEL_RANK))
        for u in self.index.by_name.get(key(text), []):
            found[u.unit_key] = (u, "name")
        for u in self.index.by_name.get(name_key, []) if wanted_type else []:
            namesakes.append(u)
            if u.level in allowed and _has_type(u, wanted_type):
                found[u.unit_key] = (u, "name")
        # An alias may carry its own prefix ("TP.HCM", "TT Huế"); one matched after the prefix ("Tỉnh Thừa Thiên
        # Huế") must be of a level the prefix allows (its type may have changed with the name).
        whole = self.index.aliases.get(key(text), [])
        after = self.index.aliases.get(name_key, []) if name_key != key(text) else []
        aliases = whole + [a for a in after if a.level in allowed]
        former: list[Alias] = []
        stale: list[Alias] = []
        for alias in aliases:
            unit = self.index.by_key.get(alias.unit_key)
            if unit is None:
                continue
            if alias.kind == "former":
                former.append(alias)
            elif not alias.overlaps(start, end):
                stale.append(alias)
            else:
                found.setdefault(unit.unit_key, (unit, "alias"))
        typed = list(found.values())
        if level:
            typed = [(u, by) for u, by in typed if u.level == level]
        valid = [(u, by) for u, by in typed if u.overlaps(start, end)]
        inside = self._one_per_era([(u, by) for u, by in valid if self._inside(u, within)], end)
        lapsed = [u for u, _ in typed if not u.overlaps(start, end) and self._inside(u, within)]

        if inside and not level and not wanted_type:
            # A bare name whose higher-level meaning is gone ("Hà Tây", "Bạc Liêu" after 1/7/2025) is refused:
            # it is never moved to a namesake lower down.
            top = min(LEVEL_RANK[u.level] for u, _ in inside)
            higher_former = [a for a in former if LEVEL_RANK[a.level] < top]
            higher_lapsed = [u for u in lapsed if LEVEL_RANK[u.level] < top]
            if higher_former:
                return Match(None, self._former(text, higher_former[0]) + self._or_write(inside))
            if higher_lapsed:
                return Match(None, self._not_in_force(higher_lapsed[0], start, end) + self._or_write(inside))
        if len(inside) == 1:
            unit, by = inside[0]
            return Match(unit, None, by)
        if len(inside) > 1:
            # "Văn Lang" and "Văn Lăng" fold alike; the accents as written tell them apart.
            written = _accented(text)
            exact = [(u, by) for u, by in inside if written in (_accented(u.short_name), _accented(u.name))]
            others_fold_alike = all(by == "name" for u, by in inside if (u, by) not in exact)
            if len(exact) == 1 and others_fold_alike:
                return Match(exact[0][0], None, exact[0][1])
            return Match(None, self._ambiguous(text, [u for u, _ in inside]))
        if former:
            return Match(None, self._former(text, former[0]))
        if stale:
            alias = stale[0]
            unit = self.index.by_key[alias.unit_key]
            since = f" từ {_d(alias.valid_from)}" if alias.valid_from else ""
            until = f" đến {_d(alias.valid_to)}" if alias.valid_to else ""
            return Match(None, f'Tên "{text}" chỉ dùng cho {unit.name}{since}{until}; trong kỳ này hãy ghi '
                               f'"{unit.name}" hoặc mã {unit.code}.')
        if lapsed:
            return Match(None, self._not_in_force(lapsed[0], start, end))
        if valid:  # found, but outside the context
            return Match(None, f'"{text}" là {self.describe(valid[0][0])}, không thuộc '
                               f"{' / '.join(w.name for w in within)}. Kiểm tra cột Tỉnh / Huyện hoặc dùng mã.")
        if namesakes and (wanted_type or level):
            what = TYPE_VI.get(wanted_type or "", wanted_type) if wanted_type else LEVEL_VI[level]
            others = sorted({self.describe(u) for u in namesakes})[:_CANDIDATES_SHOWN]
            return Match(None, f'Không có {what} nào tên "{text}"; tên này là: {"; ".join(others)}.')
        return Match(None, f'Không tìm thấy đơn vị "{text}" theo mã hoặc tên.'
                           + self._suggestion(name_key, start, end, level, within))

    # ------------------------------------------------------------------ helpers

    def _inside(self, unit: Unit, within: tuple[Unit, ...]) -> bool:
        return all(unit.unit_key == w.unit_key or unit.parent_key == w.unit_key or unit.province_key == w.unit_key
                   for w in within)

    @classmethod
    def _one_per_era(cls, found: list[tuple[Unit, str]], end: date) -> list[tuple[Unit, str]]:
        """One unit written the same in both eras (a period straddling 1/7/2025): the era in force at its end."""
        groups: dict[tuple[str, str, str], list[tuple[Unit, str]]] = {}
        for u, by in found:
            groups.setdefault((u.level, u.code, key(u.name)), []).append((u, by))
        out = []
        for members in groups.values():
            chosen = cls._era_of_end([u for u, _ in members], end)
            out.append(next(m for m in members if m[0] is chosen))
        return out

    @staticmethod
    def _era_of_end(units: list[Unit], end: date) -> Unit:
        return next((u for u in units if u.valid_on(end)), units[0])

    def _ambiguous(self, text: str, units: list[Unit]) -> str:
        units = sorted(units, key=lambda u: (LEVEL_RANK[u.level], u.unit_key))
        shown = "; ".join(self.describe(u) for u in units[:_CANDIDATES_SHOWN])
        more = f"; … và {len(units) - _CANDIDATES_SHOWN} đơn vị khác" if len(units) > _CANDIDATES_SHOWN else ""
        return (f'"{text}": {len(units)} đơn vị trùng tên ({shown}{more}) — thêm cột Tỉnh / Huyện, ghi rõ cấp '
                "(Tỉnh, Huyện, Xã…) hoặc dùng mã.")

    def _former(self, text: str, alias: Alias) -> str:
        now = self.index.by_key[alias.unit_key]
        # The package gives mergers without their dates: its valid_to is only an upper bound.
        until = f"đến {_d(alias.valid_to)}" if alias.source == "manual" else "trước 1/7/2025"
        return f'"{text}" là tên {LEVEL_VI[alias.level]} cũ (dùng {until}); nay thuộc {self.describe(now)}.'


    def _or_write(self, inside: list[tuple[Unit, str]]) -> str:
        unit = inside[0][0]
        return f' Nếu ý là {unit.name}, hãy ghi "{unit.name}" hoặc mã {unit.code}.'

    def _not_in_force(self, unit: Unit, start: date, end: date) -> str:
        became = self._successor(unit) if unit.era == "old" and end >= MERGER_DATE else None
        tail = f" Từ 1/7/2025 thuộc {became}." if became else ""
        if unit.level == "district" and end >= MERGER_DATE:
            tail = " Cấp huyện đã bỏ từ 1/7/2025." + tail
        return (f'Đơn vị "{unit.name}" ({unit.code}) không có hiệu lực trong kỳ {_d(start)}–{_d(end)} '
                f"(hiệu lực {_d(unit.valid_from)}–{_d(unit.valid_to)}).{tail} Hãy ghi đơn vị đúng kỳ hoặc mã.")

    def _successor(self, unit: Unit) -> str | None:
        links = package.merger_links()
        province = unit.province_key.split(":")[1]
        if unit.level == "commune" and unit.code in links.communes:
            news = links.communes[unit.code]
            code = next((c for c, default in news.items() if default), next(iter(news)))
            new = self.index.by_key.get(f"new:{code}")
            return self.describe(new) if new else None
        for new_code, olds in links.provinces.items():
            if province in olds:
                new = self.index.by_key.get(f"new:{new_code}")
                return new.name if new else None
        return None

    def _suggestion(self, name_key: str, start: date, end: date, level: str | None, within: tuple[Unit, ...]) -> str:
        """The closest name among the units in scope: the level asked, the context, valid in the period."""
        if self._suggested >= _SUGGEST_LIMIT or not name_key:
            return ""
        self._suggested += 1
        scope_key = (level, tuple(w.unit_key for w in within), start < MERGER_DATE, end < MERGER_DATE)
        if scope_key not in self._scopes:
            scope: dict[str, Unit] = {}
            for u in sorted(self.index.units, key=lambda u: LEVEL_RANK[u.level]):  # a province's name first
                if (level is None or u.level == level) and u.overlaps(start, end) and self._inside(u, within):
                    scope.setdefault(key(u.short_name), u)
            for alias_key, aliases in self.index.aliases.items():  # "Thua Thien Huee" is close to an alias
                for a in aliases:
                    u = self.index.by_key.get(a.unit_key)
                    if (u and a.kind != "former" and a.overlaps(start, end) and (level is None or u.level == level)
                            and self._inside(u, within)):
                        scope.setdefault(alias_key, u)
            self._scopes[scope_key] = scope
        scope = self._scopes[scope_key]
        close = difflib.get_close_matches(name_key, list(scope), n=1, cutoff=0.75)
        return f' Có phải "{self.describe(scope[close[0]])}"?' if close else ""
