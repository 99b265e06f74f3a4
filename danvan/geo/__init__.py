"""Geo: boundary layers of both eras kept in the store: the default map (shipped official 2025 shapes, the pre-2025
map built from them, the estimate from commune centres as fallback) and official files loaded over it.

May import danvan.store and danvan.grammar.
"""
