"""Build data/registry/aliases.csv: the names people write for administrative units, as data.

Sources (see data/registry/README.md for licences and what each contributes):
  manual             data/registry/aliases_manual.csv, hand-curated rows (always win)
  papi               PAPI 2011-2016 workbook: tentinh_vie / tentinh_eng by tinhid (GSO province code)
  vietnamadminunits  the package's dataset.db (province/district/ward alias keywords, geocoder province
                     addresses) and parser_legacy.json (districts divided between several districts)
  boundaries-2025    provinces_34.geojson: nameEn / fullNameEn of the 34 provinces (optional)

The registry is rebuilt here from the package's SQLite tables with the project's key scheme ("old:<code>" for
the units in force until 30/6/2025, "new:<code>" from 1/7/2025), from the package directory given on the command
line. Text keys and administrative prefixes are danvan's own (danvan.grammar.text, danvan.store.registry), so
every alias is keyed exactly as the resolver will match it.
Self-checks run on every build (and alone with --check-only); any failure exits non-zero without writing.

    .venv/bin/python -m scripts.build_aliases             # rebuild (needs the PAPI workbook)
    .venv/bin/python -m scripts.build_aliases --check-only  # validate the committed file against the registry
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from danvan.grammar.text import fold, key, nfc, strip_accents
from danvan.store.registry import split_prefix

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("alias", "unit_key", "level", "valid_from", "valid_to", "kind", "source")
LEVELS = ("province", "district", "commune")
KINDS = ("historical", "short", "english", "spelling", "former")
SOURCES = ("manual", "papi", "vietnamadminunits", "boundaries-2025")  # priority order: first wins
OLD_END = date(2025, 6, 30)
NEW_START = date(2025, 7, 1)

# Prefixes glued to the package's keywords ("huyenthongnong", "p4"): long ones are always a prefix, short ones
# only when the rest is also known as a bare name. Value: the unit type they stand for.
KEY_PREFIXES_LONG = {"thanhpho": "Thành phố", "thitran": "Thị trấn", "thixa": "Thị xã", "phuong": "Phường",
                     "huyen": "Huyện", "quan": "Quận", "xa": "Xã"}
KEY_PREFIXES_SHORT = {"tp": "Thành phố", "tt": "Thị trấn", "tx": "Thị xã"}
SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
SYLLABLE_COST = 4.0
UNKNOWN_SYLLABLE_COST = 16.0
NUMBERED = re.compile(r"^(phuong|p|ward|f|quan|q|district)0*(\d+)$")
NUMBERED_TYPE = {"phuong": "Phường", "p": "Phường", "ward": "Phường", "f": "Phường",
                 "quan": "Quận", "q": "Quận", "district": "Quận"}


def say(*parts: object) -> None:
    sys.stderr.write(" ".join(str(p) for p in parts) + "\n")


def roman(text: str) -> int | None:
    """'III' -> 3; None for anything that is not a Roman numeral."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def strip_paren(text: str) -> str:
    """'Hồng Ngự (Thành phố)' -> 'Hồng Ngự': the registry's short names disambiguate with a suffix."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text)


# ---------------------------------------------------------------- registry

@dataclass(frozen=True)
class Unit:
    unit_key: str
    era: str
    level: str
    code: str
    name: str
    short: str
    unit_type: str
    province: str  # province code of the unit (its own era)
    scope: str  # where its name must be unique: "" for provinces, else its district (old communes) or province

    @property
    def start(self) -> date:
        return NEW_START if self.era == "new" else date.min

    @property
    def end(self) -> date:
        return OLD_END if self.era == "old" else date.max

    def own_keys(self) -> set[str]:
        rest, _ = split_prefix(fold(self.name))
        return {key(self.short), key(strip_paren(self.short)), key(self.name), key(rest)}


def package_data_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("vietnamadminunits is not installed; pass --package-data")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def load_registry(db_path: Path) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    with sqlite3.connect(db_path) as con:
        for (p, ps, pc, d, ds, dt, dc, w, ws, wt, wc) in con.execute(
                "SELECT province, provinceShort, provinceCode, district, districtShort, districtType, districtCode,"
                " ward, wardShort, wardType, wardCode FROM admin_units_legacy"):
            ptype = "Tỉnh" if p.startswith("Tỉnh") else "Thành phố"
            units.setdefault(f"old:{pc}", Unit(f"old:{pc}", "old", "province", pc, p, ps, ptype, pc, ""))
            if dc:
                units.setdefault(f"old:{dc}", Unit(f"old:{dc}", "old", "district", dc, d, ds, dt or "", pc,
                                                             f"old:{pc}"))
            if wc:
                units.setdefault(f"old:{wc}", Unit(f"old:{wc}", "old", "commune", wc, w, ws, wt or "", pc,
                                                             f"old:{dc}"))
        for (p, ps, pc, w, ws, wt, wc) in con.execute(
                "SELECT province, provinceShort, provinceCode, ward, wardShort, wardType, wardCode FROM admin_units"):
            ptype = "Tỉnh" if p.startswith("Tỉnh") else "Thành phố"
            units.setdefault(f"new:{pc}", Unit(f"new:{pc}", "new", "province", pc, p, ps, ptype, pc, ""))
            if wc:
                units.setdefault(f"new:{wc}", Unit(f"new:{wc}", "new", "commune", wc, w, ws, wt or "", pc,
                                                             f"new:{pc}"))
    return units


def is_redundant(alias: str, unit: Unit) -> bool:
    """True when the matcher already finds `unit` from `alias` by folding (case, diacritics, spaces, hyphens) or
    by dropping a prefix of the unit's own type ("Tỉnh", "Thành phố", ...)."""
    own = unit.own_keys()
    if key(alias) in own:
        return True
    rest, wanted = split_prefix(fold(alias))
    return wanted is not None and wanted == fold(unit.unit_type) and key(rest) in own


# ---------------------------------------------------------------- rows

@dataclass(frozen=True)
class Row:
    alias: str
    unit_key: str
    level: str
    valid_from: str
    valid_to: str
    kind: str
    source: str
    rebuilt: bool = False  # text rebuilt from a folded keyword (diacritics guessed or missing)

    def as_list(self) -> list[str]:
        return [self.alias, self.unit_key, self.level, self.valid_from, self.valid_to, self.kind, self.source]


def iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{path}: header must be {','.join(COLUMNS)}, got {reader.fieldnames}")
        return [Row(*(((r[c] or "").strip()) for c in COLUMNS)) for r in reader]


# ---------------------------------------------------------------- restoring names from folded keywords

class NameBook:
    """Accented spellings known from the registry, to write a folded keyword ("thongnong") as a name."""

    def __init__(self, units: dict[str, Unit], new_of_old: dict[str, str]) -> None:
        self.by_province: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.syllables: Counter = Counter()
        for u in units.values():
            name = strip_paren(u.short)
            if name.lower().startswith(("phường ", "quận ")) and name.split(" ", 1)[1].isdigit():
                continue
            k = key(name)
            self.by_province[(f"{u.era}:{u.province}", k)][name] += 1
            for syl in fold(name).replace("-", " ").split():
                if syl.isalpha():
                    self.syllables[syl] += 1
        self.new_of_old = new_of_old
        self.total = sum(self.syllables.values())

    def segment(self, bare: str) -> list[str] | None:
        """Split a folded key into syllables, cheapest first: each costs a fixed amount plus its rarity among the
        registry's names; a well-formed syllable no name uses costs more ("phu yen", not "phuyen"; "lung sui",
        not "lung su i")."""
        n = len(bare)
        best: list[tuple[int, float, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, 0.0, [])
        for i in range(n):
            if best[i] is None:
                continue
            count, score, parts = best[i]
            for j in range(i + 1, min(n, i + 7) + 1):
                syl = bare[i:j]
                if syl in self.syllables:
                    cost = SYLLABLE_COST - math.log(self.syllables[syl] / self.total)
                elif SYLLABLE.match(syl):
                    cost = SYLLABLE_COST + UNKNOWN_SYLLABLE_COST  # well-formed, in no unit name (minority names)
                else:
                    continue
                cand = (count + 1, score + cost, [*parts, syl])
                if best[j] is None or cand[1] < best[j][1]:
                    best[j] = cand
        return None if best[n] is None else best[n][2]

    def write(self, bare: str, province: str, hints: list[str], infer: bool) -> tuple[str, bool] | None:
        """The name for a folded key: from an accented keyword of the package; with `infer`, from a unit of the
        same letters in the same province (old or new era) if only one spelling exists there; else the syllables
        without diacritics. Second value: True when diacritics were not recovered.

        `infer` is for province and district names only: a former district lives on in its seat town and
        communes of the province ("Thông Nông"). Commune names are not inferred: tested on the registry itself,
        a same-letters name elsewhere in the province has other tones about one time in five
        ("Việt Hưng" / "Việt Hùng"), so a former commune is written "Trung Tu" rather than a wrong "Trung Tú".
        """
        for hint in hints:  # accented keywords such as "xãbảohưng"
            tail = nfc(hint)[-len(bare):]
            parts = self.segment(bare)
            if parts and key(tail) == bare and len(tail) == len(bare):
                out, at = [], 0
                for p in parts:
                    out.append(tail[at:at + len(p)].capitalize())
                    at += len(p)
                return " ".join(out), False
        for scope in (f"old:{province}", self.new_of_old.get(province)) if infer else ():
            forms = self.by_province.get((scope, bare)) if scope else None
            if forms and len(forms) == 1:
                return next(iter(forms)), False
        parts = self.segment(bare)
        if parts is None:
            return None
        return " ".join(p.capitalize() for p in parts), True


def parse_keywords(keywords: list[str], own: set[str]) -> list[tuple[str, str | None, bool, list[str]]]:
    """The package's alias keywords of one unit as (bare key, unit type, prefixed, accented hints).

    A keyword is bare when a prefixed form of it is also listed; otherwise a long prefix ("huyen", "xa", ...)
    is split off, a short one ("tt", "tx", "tp") only when the rest is a bare name known for this unit.
    Numbered wards and districts ("p4", "quan09", "district9") come back as ("#4", "Phường", True, []).
    """
    folded = []
    hints: dict[str, list[str]] = defaultdict(list)
    for kw in keywords:
        k = key(kw)
        if k and k not in folded:
            folded.append(k)
        if k and kw != strip_accents(kw):
            hints[k].append(kw)
    present = set(folded)
    out: dict[str, tuple[str, str | None, bool, list[str]]] = {}
    bare_known: set[str] = set(own)
    pending: list[str] = []
    for k in folded:
        m = NUMBERED.match(k)
        if m:
            out.setdefault("#" + m.group(2), ("#" + m.group(2), NUMBERED_TYPE[m.group(1)], True, []))
            continue
        if any(p + k in present for p in (*KEY_PREFIXES_LONG, *KEY_PREFIXES_SHORT)):
            bare_known.add(k)
            continue  # the prefixed form carries it
        long = next((p for p in sorted(KEY_PREFIXES_LONG, key=len, reverse=True)
                     if k.startswith(p) and len(k) > len(p)), None)
        if long:
            bare = k[len(long):]
            bare_known.add(bare)
            prev = out.get(bare)
            out[bare] = (bare, KEY_PREFIXES_LONG[long], True, (prev[3] if prev else []) + hints.get(k, []))
        else:
            pending.append(k)
    for k in pending:
        short = next((p for p in KEY_PREFIXES_SHORT if k.startswith(p) and k[len(p):] in bare_known), None)
        if short:
            bare = k[len(short):]
            prev = out.get(bare)
            out[bare] = (bare, KEY_PREFIXES_SHORT[short], True, (prev[3] if prev else []) + hints.get(k, []))
        elif any(k.endswith(p) and k[:-len(p)] in bare_known for p in KEY_PREFIXES_LONG):
            continue  # the type written after the name ("hongnguthixa")
        elif k not in out:
            out[k] = (k, None, False, hints.get(k, []))
    for k in folded:  # bare keywords whose prefixed form was listed: keep their own accented hints too
        if k in out and hints.get(k):
            b, t, pre, h = out[k]
            out[k] = (b, t, pre, h + [x for x in hints[k] if x not in h])
    return [out[k] for k in sorted(out)]


# ---------------------------------------------------------------- sources

def manual_rows(path: Path) -> list[Row]:
    rows = read_rows(path)
    for r in rows:
        if r.source != "manual":
            raise SystemExit(f"{path}: source must be 'manual' ({r.alias})")
    return rows


def historical_ends(manual: list[Row]) -> dict[str, date]:
    """Unit -> last day of its latest earlier official name (from the manual historical rows)."""
    ends: dict[str, date] = {}
    for r in manual:
        if r.kind == "historical" and r.valid_to:
            day = date.fromisoformat(r.valid_to)
            ends[r.unit_key] = max(day, ends.get(r.unit_key, day))
    return ends


def name_since(unit: Unit, ends: dict[str, date]) -> date | None:
    """First day the unit bore its registry name (None: the whole era)."""
    end = ends.get(unit.unit_key)
    start = end + timedelta(days=1) if end else None
    if unit.era == "new":
        return max(start or NEW_START, NEW_START)
    return start


def papi_rows(path: Path, units: dict[str, Unit], manual: list[Row]) -> list[Row]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    names: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
        next(rows)  # Vietnamese headers
        i, vie, eng = header.index("tinhid"), header.index("tentinh_vie"), header.index("tentinh_eng")
        for r in rows:
            tid = r[i]
            if not isinstance(tid, (int, float)) or not 0 < tid < 100:
                continue  # blank lines, the "Highest" (999) summary row
            for col, kind in ((vie, "vie"), (eng, "eng")):
                if r[col]:
                    names[int(tid)].add((nfc(str(r[col]).strip()), kind))
    wb.close()
    hist = [r for r in manual if r.kind == "historical"]
    out: list[Row] = []
    matched = added = 0
    for tid in sorted(names):
        uk = f"old:{tid:02d}"
        unit = units.get(uk)
        if unit is None or unit.level != "province":
            say(f"PAPI mismatch: tinhid {tid} names {sorted(n for n, _ in names[tid])} but {uk} is no province")
            continue
        for name, col in sorted(names[tid]):
            if is_redundant(name, unit):
                matched += 1
                continue
            same = [h for h in hist if h.unit_key == uk and key(h.alias) == key(name)]
            if not same:
                say(f"PAPI mismatch: tinhid {tid} '{name}' is not registry {uk} '{unit.short}' by folding and no "
                    "manual historical row explains it; kept as an alias valid until 2025-06-30")
                out.append(Row(name, uk, "province", "", OLD_END.isoformat(),
                               "english" if col == "eng" else "spelling", "papi"))
            else:
                h = same[0]
                say(f"PAPI: tinhid {tid} '{name}' is not registry {uk} '{unit.short}' by folding: an earlier name "
                    f"(manual historical row '{h.alias}', until {h.valid_to})")
                out.append(Row(name, uk, "province", h.valid_from, h.valid_to,
                               "english" if col == "eng" else "historical", "papi"))
            added += 1
    say(f"papi: {sum(len(v) for v in names.values())} distinct (province, name) pairs over {len(names)} provinces; "
        f"{matched} already matched by folding, {added} added")
    return out


def province_codes(con: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    old = dict(con.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"))
    new = dict(con.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
    return old, new


def new_province_of_old(data_dir: Path, con: sqlite3.Connection) -> dict[str, str]:
    """Old province code -> "new:<code>" of the province it merged into (converter_2025.json)."""
    old_code, new_code = province_codes(con)
    conv = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for new_key, old_keys in conv["DICT_PROVINCE"].items():
        for ok in old_keys:
            if ok in old_code and new_key in new_code:
                out[old_code[ok]] = f"new:{new_code[new_key]}"
    return out


def package_rows(data_dir: Path, units: dict[str, Unit], manual: list[Row]) -> tuple[list[Row], dict[str, str]]:
    out: list[Row] = []
    con = sqlite3.connect(data_dir / "dataset.db")
    new_of_old = new_province_of_old(data_dir, con)
    book = NameBook(units, new_of_old)
    ends = historical_ends(manual)
    dropped: list[str] = []
    stats: Counter = Counter()

    def emit(unit: Unit, text: str, kind: str, rebuilt: bool, valid_from: date | None = None,
             valid_to: date | None = None) -> None:
        if is_redundant(text, unit):
            stats["redundant"] += 1
            return
        vf = valid_from if valid_from is not None else (NEW_START if unit.era == "new" else None)
        vt = valid_to if valid_to is not None else (OLD_END if unit.era == "old" else None)
        out.append(Row(nfc(text), unit.unit_key, unit.level, iso(vf), iso(vt), kind, "vietnamadminunits", rebuilt))

    # Province alias keywords ("hn", "hcm", "baria", "vungtau"), for every era where the package lists them.
    for era, table in (("old", "admin_units_legacy"), ("new", "admin_units")):
        for code, aliases in con.execute(
                f"SELECT DISTINCT provinceCode, provinceAlias FROM {table} WHERE provinceAlias <> ''"):
            unit = units[f"{era}:{code}"]
            for kw in sorted(set(json.loads(aliases))):
                if len(kw) <= 4:  # initialisms
                    text = kw.upper()
                else:
                    written = book.write(kw, code, [], infer=True)
                    if written is None:
                        dropped.append(f"{unit.unit_key} {kw}")
                        continue
                    text = written[0]
                emit(unit, text, "short", False, valid_from=name_since(unit, ends))

    # Geocoder addresses of the old provinces: the English name before ", Vietnam" ("Ho Chi Minh City").
    for code, address in con.execute(
            "SELECT DISTINCT provinceCode, provinceGeoAddress FROM admin_units_legacy WHERE provinceGeoAddress <> ''"):
        parts = [p.strip() for p in address.split(",")]
        if len(parts) >= 2 and parts[-1] == "Vietnam" and parts[-2] == strip_accents(parts[-2]):
            unit = units[f"old:{code}"]
            emit(unit, parts[-2], "english", False, valid_from=name_since(unit, ends))

    # District and ward alias keywords: names of units merged into this one (2019-2025), spellings.
    for level, sql in (
            ("district", "SELECT DISTINCT districtCode, provinceCode, districtAlias FROM admin_units_legacy"
                         " WHERE districtAlias <> '' ORDER BY districtCode"),
            ("commune", "SELECT DISTINCT wardCode, provinceCode, wardAlias FROM admin_units_legacy"
                        " WHERE wardAlias <> '' ORDER BY wardCode")):
        for code, pcode, aliases in con.execute(sql):
            unit = units[f"old:{code}"]
            for bare, utype, prefixed, hints in parse_keywords(json.loads(aliases), unit.own_keys()):
                if bare.startswith("#"):
                    # "Phường 3" for "Phường III" is the same ward written in Arabic numerals.
                    same = roman(unit.short) == int(bare[1:])
                    emit(unit, f"{utype} {bare[1:]}", "spelling" if same else "former", False)
                    stats["numbered"] += 1
                    continue
                if bare in unit.own_keys() or any(ch.isdigit() for ch in bare):
                    stats["own or unusable"] += 1
                    if any(ch.isdigit() for ch in bare):
                        dropped.append(f"{unit.unit_key} {bare}")
                    continue
                written = book.write(bare, pcode, hints, infer=level == "district")
                if written is None:
                    dropped.append(f"{unit.unit_key} {bare}")
                    continue
                text, plain = written
                stats["no diacritics" if plain else "diacritics"] += 1
                emit(unit, text, "former" if prefixed else "spelling", True)

    # Districts divided between several districts (parser_legacy.json): a name no district of the province
    # bears any more is a former district, shared by every district that took part of it.
    legacy = json.loads((data_dir / "parser_legacy.json").read_text(encoding="utf-8"))
    old_pcode, _ = province_codes(con)
    dcode = {(pk, dk): c for pk, dk, c in con.execute(
        "SELECT DISTINCT provinceKey, districtKey, districtCode FROM admin_units_legacy")}
    for pkey, divided in sorted(legacy["DICT_PROVINCE_DISTRICT_DIVIDED"].items()):
        pcode = old_pcode[pkey]
        existing = {k for u in units.values() if u.era == "old" and u.level == "district" and u.province == pcode
                    for k in u.own_keys()}
        for _, entry in sorted(divided.items()):
            targets = sorted(dcode[(pkey, dk)] for dk in entry["districts"] if (pkey, dk) in dcode)
            for bare, _, _, hints in parse_keywords(entry["dividedDistrictKeywords"], set()):
                if bare in existing or bare.startswith("#"):
                    continue
                written = book.write(bare, pcode, hints, infer=True)
                if written is None:
                    dropped.append(f"old:{pcode} divided {bare}")
                    continue
                for t in targets:
                    emit(units[f"old:{t}"], written[0], "former", True)
                    stats["divided"] += 1
    con.close()
    say(f"vietnamadminunits: {len(out)} rows; {dict(sorted(stats.items()))}")
    if dropped:
        say(f"vietnamadminunits: {len(dropped)} keywords not usable as names (not Vietnamese syllables or codes): "
            + ", ".join(sorted(dropped)))
    return out, new_of_old


def boundaries_rows(path: Path, units: dict[str, Unit], manual: list[Row], data_dir: Path) -> list[Row]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    with sqlite3.connect(data_dir / "dataset.db") as con:
        new_of_old = new_province_of_old(data_dir, con)
    ends = historical_ends(manual)
    out: list[Row] = []
    suffix_type = {"province": "tinh", "city": "thanh pho"}
    for f in sorted(features, key=lambda f: f["properties"]["code"]):
        props = f["properties"]
        unit = units.get(f"new:{props['code']}")
        if unit is None or unit.level != "province":
            say(f"boundaries-2025 mismatch: code {props['code']} ({props.get('name')}) is no new province")
            continue
        if key(props.get("name", "")) not in unit.own_keys():
            say(f"boundaries-2025 mismatch: new:{props['code']} is '{props.get('name')}' there, "
                f"'{unit.short}' in the registry")
        # The namesake old province (same name, merged into this one) is named the same way before 1/7/2025.
        namesakes = [units[f"old:{c}"] for c, n in sorted(new_of_old.items())
                     if n == unit.unit_key and key(units[f"old:{c}"].short) == key(unit.short)]
        for field in ("nameEn", "fullNameEn"):
            text = nfc((props.get(field) or "").strip())
            if not text:
                continue
            words = text.lower().split()
            implied = suffix_type.get(words[-1]) if len(words) > 1 else None
            if implied and implied != fold(unit.unit_type):
                say(f"boundaries-2025 note: '{text}' for {unit.unit_key}, a '{unit.unit_type}' in the registry")
            for u in [unit, *namesakes]:
                if is_redundant(text, u):
                    continue
                if u.era == "old" and implied and implied != fold(u.unit_type):
                    continue  # "Dong Nai City" never named the old Tỉnh Đồng Nai
                since = name_since(u, ends)
                out.append(Row(text, u.unit_key, "province", iso(since), iso(OLD_END if u.era == "old" else None),
                               "english", "boundaries-2025"))
    say(f"boundaries-2025: {len(out)} rows")
    return out


# ---------------------------------------------------------------- merge and checks

def merge(rows: list[Row]) -> list[Row]:
    """Exact duplicates collapse; a lower-priority source's row is dropped when a higher one already has the same
    (alias, unit, level); a rebuilt name also when a higher one has the same folded alias for that unit."""
    rank = {s: i for i, s in enumerate(SOURCES)}
    rows = sorted(rows, key=lambda r: (rank.get(r.source, len(rank)), r.rebuilt))
    exact: dict[tuple[str, str, str], str] = {}
    folded: dict[tuple[str, str, str], str] = {}
    seen: set[tuple[str, ...]] = set()
    kept: list[Row] = []
    for r in rows:
        ek, fk = (r.alias, r.unit_key, r.level), (key(r.alias), r.unit_key, r.level)
        if ek in exact and exact[ek] != r.source:
            continue
        if r.rebuilt and fk in folded and folded[fk] != r.source:
            continue
        full = tuple(r.as_list())
        if full in seen:
            continue
        seen.add(full)
        exact.setdefault(ek, r.source)
        folded.setdefault(fk, r.source)
        kept.append(r)
    order = {lv: i for i, lv in enumerate(LEVELS)}

    def sort_key(r: Row) -> tuple:
        era, code = r.unit_key.split(":", 1)
        return (order.get(r.level, 9), era != "old", code, key(r.alias), r.alias, r.valid_from, r.valid_to,
                r.kind, r.source)
    return sorted(kept, key=sort_key)


def check(rows: list[Row], units: dict[str, Unit]) -> tuple[list[str], list[str]]:
    """(errors, genuinely ambiguous aliases). Errors fail the build."""
    errors: list[str] = []
    spans: list[tuple[Row, date, date]] = []
    seen: set[tuple[str, ...]] = set()
    for n, r in enumerate(rows, start=2):
        where = f"row {n} ({r.alias!r} -> {r.unit_key})"
        full = tuple(r.as_list())
        if full in seen:
            errors.append(f"{where}: exact duplicate")
        seen.add(full)
        if not r.alias or r.alias != r.alias.strip() or r.alias != nfc(r.alias):
            errors.append(f"{where}: alias empty, padded or not NFC")
        if r.kind not in KINDS:
            errors.append(f"{where}: kind {r.kind!r} not in {KINDS}")
        if r.source not in SOURCES:
            errors.append(f"{where}: source {r.source!r} not in {SOURCES}")
        unit = units.get(r.unit_key)
        if unit is None:
            errors.append(f"{where}: no such unit in the registry")
            continue
        if unit.level != r.level:
            errors.append(f"{where}: level {r.level!r} but the unit is a {unit.level}")
        try:
            vf = date.fromisoformat(r.valid_from) if r.valid_from else None
            vt = date.fromisoformat(r.valid_to) if r.valid_to else None
        except ValueError:
            errors.append(f"{where}: dates must be ISO YYYY-MM-DD or empty")
            continue
        if vf and vt and vf > vt:
            errors.append(f"{where}: valid_from after valid_to")
        if unit.era == "old" and (vt is None or vt > OLD_END):
            errors.append(f"{where}: an old-era alias must end by {OLD_END} (valid_to)")
        if unit.era == "new" and (vf is None or vf < NEW_START):
            errors.append(f"{where}: a new-era alias must start on or after {NEW_START} (valid_from)")
        if is_redundant(r.alias, unit):
            errors.append(f"{where}: already matched by folding the registry name '{unit.name}'; remove it")
        spans.append((r, vf or date.min, vt or date.max))
    # One alias, one level, overlapping periods, two units. District and commune names repeat across the country
    # (the registry's own do too), so they must be unique only within a parent: the province for districts and
    # new communes, the district for old communes. Within one parent only a former name may be shared: a unit
    # split between several ("Trà Lĩnh" went to Trùng Khánh and Quảng Hòa) -- genuinely ambiguous.
    groups: dict[tuple[str, str, str], list[tuple[Row, date, date]]] = defaultdict(list)
    for s in spans:
        scope = units[s[0].unit_key].scope
        groups[(key(s[0].alias), s[0].level, scope)].append(s)
        rest, _ = split_prefix(fold(s[0].alias))
        if key(rest) != key(s[0].alias):
            groups[(key(rest), s[0].level, scope)].append(s)
    ambiguous: set[str] = set()
    for (_, level, scope), members in sorted(groups.items()):
        for i, (a, a0, a1) in enumerate(members):
            for b, b0, b1 in members[i + 1:]:
                if a.unit_key == b.unit_key or a0 > b1 or b0 > a1:
                    continue
                if level != "province" and a.kind == b.kind == "former":
                    ambiguous.add(f"'{a.alias}' ({level} in {scope})")
                else:
                    errors.append(f"'{a.alias}' -> {a.unit_key} and '{b.alias}' -> {b.unit_key}: same {level} "
                                  "alias, overlapping validity")
    # Notes only: a district/commune alias that is also the registry name of another unit of the same parent
    # (a former commune whose name a living neighbour also bears); the living unit should win in the matcher.
    names: dict[tuple[str, str, str], list[Unit]] = defaultdict(list)
    for u in units.values():
        if u.level != "province":
            for k in u.own_keys():
                names[(k, u.level, u.scope)].append(u)
    shadowed = sorted({f"'{r.alias}' -> {r.unit_key}" for r, _, _ in spans if r.level != "province"
                       for u in names.get((key(r.alias), r.level, units[r.unit_key].scope), [])
                       if u.unit_key != r.unit_key})
    if shadowed:
        say(f"note: {len(shadowed)} aliases are also the registry name of another unit of the same parent, e.g. "
            + ", ".join(shadowed[:5]))
    # A province alias must not be another province's registry name in the same period.
    for r, r0, r1 in spans:
        if r.level != "province":
            continue
        rest, _ = split_prefix(fold(r.alias))
        for u in units.values():
            if (u.level == "province" and u.unit_key != r.unit_key and {key(r.alias), key(rest)} & u.own_keys()
                    and not (r0 > u.end or u.start > r1)):
                errors.append(f"'{r.alias}' -> {r.unit_key} is the registry name of {u.unit_key} in the same period")
    return errors, sorted(ambiguous)


# Forms that must reach their unit, through an alias row or through the matcher's folding alone.
EXPECTED = (
    ("Thừa Thiên Huế", "old:46"), ("Thừa Thiên - Huế", "old:46"), ("TT-Huế", "old:46"), ("TT Huế", "old:46"),
    ("Thua Thien Hue", "old:46"), ("TP.HCM", "old:79"), ("TP.HCM", "new:79"), ("TP HCM", "old:79"),
    ("TPHCM", "new:79"), ("HCMC", "old:79"), ("HCMC", "new:79"), ("Ho Chi Minh City", "old:79"),
    ("TP. Hồ Chí Minh", "old:79"), ("BRVT", "old:77"), ("BR-VT", "old:77"), ("Bà Rịa Vũng Tàu", "old:77"),
    ("Bắc Cạn", "old:06"), ("Đắc Lắc", "old:66"), ("Đắc Lắc", "new:66"), ("Dak Lak", "old:66"),
    ("Đắk Lăk", "old:66"), ("Đắc Nông", "old:67"), ("Dak Nong", "old:67"), ("Đăk Nông", "old:67"),
    ("Kontum", "old:62"), ("Hà Tây", "old:01"), ("Hanoi", "new:01"),
)


def coverage(rows: list[Row], units: dict[str, Unit]) -> list[str]:
    listed = {(key(r.alias), r.unit_key) for r in rows}
    return [f"'{text}' reaches {uk} neither by an alias row nor by folding" for text, uk in EXPECTED
            if (key(text), uk) not in listed and not is_redundant(text, units[uk])]


def write(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(r.as_list())


def report(rows: list[Row], ambiguous: list[str]) -> None:
    say(f"{len(rows)} rows")
    say("by kind:   " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r.kind for r in rows).items())))
    say("by source: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r.source for r in rows).items())))
    say("by level:  " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r.level for r in rows).items())))
    if ambiguous:
        say(f"{len(ambiguous)} former names shared by several units of one parent (units split between "
            "several): " + ", ".join(ambiguous))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manual", default=str(ROOT / "data/registry/aliases_manual.csv"))
    ap.add_argument("--papi", default=str(ROOT / "data/seeds/papi/PAPI_2011-2016.xlsx"))  # the shipped copy
    ap.add_argument("--package-data", default=None, help="vietnamadminunits/data (default: the installed package)")
    ap.add_argument("--boundaries", default="/work/shared/data/boundaries-2025/provinces_34.geojson",
                    help="provinces_34.geojson; optional ('' or a missing file skips it)")
    ap.add_argument("--out", default=str(ROOT / "data/registry/aliases.csv"))
    ap.add_argument("--check-only", action="store_true", help="validate --out against the registry, build nothing")
    args = ap.parse_args(argv)

    data_dir = package_data_dir(args.package_data)
    units = load_registry(data_dir / "dataset.db")
    if args.check_only:
        rows = read_rows(Path(args.out))
    else:
        manual = manual_rows(Path(args.manual))
        errors, _ = check(manual, units)
        if errors:
            say(f"{args.manual}:\n  " + "\n  ".join(errors))
            return 1
        papi_path = Path(args.papi)
        if not papi_path.is_file():
            say(f"PAPI workbook not found: {papi_path} (pass --papi)")
            return 1
        rows = list(manual) + papi_rows(papi_path, units, manual)
        pkg, _ = package_rows(data_dir, units, manual)
        rows += pkg
        if args.boundaries and Path(args.boundaries).is_file():
            rows += boundaries_rows(Path(args.boundaries), units, manual, data_dir)
        else:
            say(f"boundaries-2025 skipped (no file at {args.boundaries!r}): English names of the new provinces "
                "come from the other sources only")
        rows = merge(rows)
    errors, ambiguous = check(rows, units)
    errors += coverage(rows, units)
    if errors:
        say(f"{len(errors)} self-check failures:\n  " + "\n  ".join(errors[:200]))
        return 1
    if not args.check_only:
        write(rows, Path(args.out))
        say(f"wrote {args.out}")
    report(rows, ambiguous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
