"""Map classes: quantiles, equal intervals or the catalogue's fixed breaks (like DHIS2 legend sets).

Colours come from ColorBrewer's YlGnBu (colour-blind safe, prints in grey). The darkest class is always the
best one: for "lower is better" indicators the palette runs the other way. Units with no data are grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from danvan.grammar.values import format_number

METHODS = ("quantile", "equal", "fixed")
YLGNBU = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#bdbdbd"


@dataclass(frozen=True)
class Classes:
    breaks: tuple[float, ...]  # k + 1 edges, ascending
    colours: tuple[str, ...]   # k colours, class i = [breaks[i], breaks[i+1])

    def index(self, value: float | None) -> int | None:
        """Class of a value; the last class includes its upper edge. None for no data."""
        if value is None or np.isnan(value) or not self.colours:
            return None
        i = int(np.searchsorted(self.breaks, value, side="right")) - 1
        return min(max(i, 0), len(self.colours) - 1)

    def colour(self, value: float | None) -> str:
        i = self.index(value)
        return NO_DATA if i is None else self.colours[i]

    def labels(self, suffix: str = "", lang: str = "vi") -> list[str]:
        edges = [format_number(b, lang=lang) + suffix for b in self.breaks]
        return [edges[i] if edges[i] == edges[i + 1] else f"{edges[i]} – {edges[i + 1]}"
                for i in range(len(self.colours))]


def _significant(x: float, digits: int = 2) -> float:
    """x rounded to `digits` significant figures: 1.164,4 → 1.200; 87,35 → 87; 0,456 → 0,46."""
    if x == 0 or not np.isfinite(x):
        return float(x)
    scale = 10.0 ** (digits - 1 - int(np.floor(np.log10(abs(x)))))
    return float(np.floor(x * scale + 0.5) / scale)  # half up, as people round (not to even: 50,5 → 51)


def readable_edges(edges: np.ndarray, whole: bool) -> np.ndarray:
    """Breaks a reader can say aloud: inner breaks to two significant figures, and for counts every break a whole
    number (the ends outward, so the data stay inside). A legend never reads "1.164,4 – 1.342,8"."""
    lo, hi = float(edges[0]), float(edges[-1])
    if whole:
        lo, hi = float(np.floor(lo)), float(np.ceil(hi))
    inner = [_significant(float(e)) for e in edges[1:-1]]
    if whole:
        inner = [float(np.floor(e + 0.5)) for e in inner]
    return np.unique([lo, *(e for e in inner if lo < e < hi), hi])


def make_classes(values: Sequence[float], method: str = "quantile", k: int = 5,
                 fixed: Sequence[float] = (), higher_is_better: bool = True, whole: bool = False) -> Classes:
    """Breaks from the data (quantile, equal) or the catalogue (fixed); degenerate data gives fewer classes.

    Breaks from the data are made readable (`readable_edges`; `whole` for counts)."""
    data = np.asarray([v for v in values if v is not None and not np.isnan(v)], dtype=float)
    if method == "fixed" and len(fixed) >= 2:
        edges = np.asarray(sorted(fixed), dtype=float)
    elif data.size == 0:
        return Classes((), ())
    elif method == "equal":
        edges = np.linspace(data.min(), data.max(), k + 1)
    else:
        edges = np.quantile(data, np.linspace(0, 1, k + 1))
    if method != "fixed" or len(fixed) < 2:
        edges = readable_edges(edges, whole)
    edges = np.unique(np.round(edges, 6))
    if edges.size < 2:  # one distinct value: one class that is exactly that value, drawn darkest
        return Classes((float(edges[0]), float(edges[0])), (YLGNBU[-1],))
    n = edges.size - 1
    palette = _palette(n)
    if not higher_is_better:
        palette = palette[::-1]
    return Classes(tuple(float(e) for e in edges), tuple(palette))


def _palette(n: int) -> list[str]:
    """n colours spread over YlGnBu, light to dark."""
    if n >= len(YLGNBU):
        return list(YLGNBU) + [YLGNBU[-1]] * (n - len(YLGNBU))
    picks = np.linspace(0, len(YLGNBU) - 1, n).round().astype(int)
    return [YLGNBU[i] for i in picks]
