"""Benchmarks: `python -m bench` runs them all; each module has a `main(argv)` and prints its own results.

They measure and print only; nothing here asserts a time, because timings depend on the machine.
"""

BENCHMARKS = ("compare_page", "import_csv", "import_xlsx", "concurrent_commits", "boundaries_build", "map_page",
              "today_map", "resolve_names", "export_images")
