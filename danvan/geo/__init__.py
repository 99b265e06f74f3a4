"""Geo: boundary layers of both eras (approximate default maps, official files) kept in the store.

May import danvan.store and danvan.grammar.
"""
