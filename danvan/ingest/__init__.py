"""Ingest: read returns (CSV/Excel), check them, stage and commit them; seed and bootstrap a store.

May import danvan.geo, danvan.store and danvan.grammar; never danvan.present.
"""
