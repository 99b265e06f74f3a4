"""`python -m bench [name ...] [options]`: run the named benchmarks (all when none is named) in turn.

Options after the names (e.g. --rebuild, --repeat 3) are passed to every benchmark's `main()`.
"""

from __future__ import annotations

import importlib
import sys

from bench import BENCHMARKS as LISTED

# map_interaction and compare_interaction drive Chromium against a live server; listed here until
# bench/__init__.py names them (then no-op).
BENCHMARKS = (*LISTED, *(name for name in ("map_interaction", "compare_interaction") if name not in LISTED))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    names = [a for a in args if not a.startswith("-") and a in BENCHMARKS]
    unknown = [a for a in args if not a.startswith("-") and a not in BENCHMARKS and not a.lstrip("-").isdigit()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    options = [a for a in args if a not in names]
    for name in names or BENCHMARKS:
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
