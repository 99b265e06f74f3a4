"""Store: the DuckDB file (migrations, named queries, observation revisions), the unit registry and the crosswalk.

May import danvan.grammar only.
"""
