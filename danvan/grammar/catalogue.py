"""The indicator catalogue and the unit-of-measure registry, read from data/catalogue/*.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from danvan import DATA_DIR
from danvan.grammar.text import fold

CATALOGUE_DIR = DATA_DIR / "catalogue"
KINDS = ("count", "percent", "ratio", "score")
# How units of one indicator combine, and how its series crosses the 2025 merger, follow from its kind:
# counts add up; ratios are recomputed from summed parts; a bare percent needs a weight (none is stored); a score
# (PAPI's 1–10 points) belongs to the unit it was measured for: never summed, never averaged, never rolled up from
# districts, carried across the merger only where one old unit became one new unit ("carry").
AGGREGATION_OF_KIND = {"count": "sum", "ratio": "ratio", "percent": "weighted_mean", "score": "none"}
CROSSWALK_OF_KIND = {"count": "sum", "ratio": "ratio", "percent": "weighted", "score": "carry"}


@dataclass(frozen=True)
class Measure:
    code: str
    name_vi: str
    name_en: str
    suffix_vi: str
    suffix_en: str
    min: float | None
    max: float | None
    integer: bool
    decimals: int
    words_vi: tuple[str, ...] = ()   # what an "Đơn vị tính" cell may say for this measure

    def suffix(self, lang: str = "vi") -> str:
        return self.suffix_vi if lang == "vi" else self.suffix_en


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    topic: str
    kind: str
    measure: str
    apportion_by_area: bool
    higher_is_better: bool
    numerator_vi: str | None = None
    denominator_vi: str | None = None
    legend: tuple[float, ...] = field(default=())
    aliases: tuple[str, ...] = field(default=())   # other names files head a column or row with (PAPI's headers)

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def short(self, lang: str = "vi") -> str:
        return self.short_vi if lang == "vi" else self.short_en

    @property
    def aggregation(self) -> str:
        """How units combine: sum | ratio | weighted_mean | none (derived from kind)."""
        return AGGREGATION_OF_KIND[self.kind]

    @property
    def crosswalk(self) -> str:
        """How a series crosses the 2025 merger: sum | ratio | weighted | carry (derived from kind)."""
        return CROSSWALK_OF_KIND[self.kind]

    @property
    def is_percent_valued(self) -> bool:
        """Percent and ratio indicators hold a 0–100 share in `value`."""
        return self.kind in ("percent", "ratio")

    @property
    def is_score(self) -> bool:
        """A score (points on the measure's scale, e.g. PAPI 1–10): neither a count nor a share, it never adds up."""
        return self.kind == "score"

    @property
    def value_measure(self) -> Measure:
        """The measure of `value`: a ratio's value is a percent, its parts use `measure`."""
        return measures()["percent" if self.is_percent_valued else self.measure]

    @property
    def parts_max(self) -> float | None:
        """The largest numerator or denominator: the parts' measure for a ratio; for a bare percent, whose parts
        are not catalogued, the largest bound of any count (a count or a score has no parts)."""
        if self.kind in ("count", "score"):
            return None
        if self.kind == "ratio":
            return measures()[self.measure].max
        counts = [m.max for m in measures().values() if m.code != "percent" and m.integer and m.max is not None]
        return max(counts) if counts else None

    def fits_measure(self, text: str) -> bool:
        """Whether an "Đơn vị tính" cell fits this indicator: its measure's words; for a percent or ratio the
        percent words, and for a ratio also its parts' words ("cơ quan" for MC_CQCM)."""
        allowed = {"count": (self.measure,), "percent": ("percent",), "ratio": ("percent", self.measure),
                   "score": (self.measure,)}[self.kind]
        return _measure_key(text) in {_measure_key(w) for c in allowed for w in measures()[c].words_vi}

    @property
    def measure_vi(self) -> str:
        """The measure as a message names it: "lượt người", "phần trăm hoặc cơ quan"."""
        percent = measures()["percent"].name_vi
        if self.kind == "percent":
            return percent
        own = measures()[self.measure].name_vi
        return f"{percent} hoặc {own}" if self.kind == "ratio" else own


class CatalogueError(ValueError):
    pass


def _measure_key(text: str) -> str:
    """"Tỷ lệ (%)" → "ty le %": accents, case, brackets and extra spaces do not matter."""
    return " ".join(re.sub(r"[()\[\]]", " ", fold(text)).split())


@cache
def measures() -> dict[str, Measure]:
    raw = yaml.safe_load((CATALOGUE_DIR / "measures.yml").read_text(encoding="utf-8"))["measures"]
    found = {}
    for m in raw:
        m = dict(m, words_vi=tuple(m.get("words_vi") or ()))
        if m["min"] is not None and m["max"] is not None and m["min"] > m["max"]:
            raise CatalogueError(f"measure {m['code']}: min {m['min']} above max {m['max']}")
        found[m["code"]] = Measure(**m)
    return found


@cache
def indicators() -> dict[str, Indicator]:
    """All indicators by code, validated against the field vocabulary."""
    raw = yaml.safe_load((CATALOGUE_DIR / "indicators.yml").read_text(encoding="utf-8"))["indicators"]
    found: dict[str, Indicator] = {}
    for item in raw:
        item = dict(item)
        item["legend"] = tuple(item.get("legend") or ())
        item["aliases"] = tuple(item.get("aliases") or ())
        ind = Indicator(**item)
        if ind.code in found:
            raise CatalogueError(f"indicator {ind.code} defined twice")
        if ind.kind not in KINDS:
            raise CatalogueError(f"indicator {ind.code}: unknown kind {ind.kind}")
        if ind.measure not in measures():
            raise CatalogueError(f"indicator {ind.code}: unknown measure {ind.measure}")
        if ind.kind == "score" and (measures()[ind.measure].min is None or measures()[ind.measure].max is None):
            raise CatalogueError(f"indicator {ind.code}: a score needs a measure with both bounds")
        found[ind.code] = ind
    return found


def get(code: str) -> Indicator:
    return indicators()[code]
