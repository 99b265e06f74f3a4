"""Present: pure figure and file builders (Plotly charts and maps, map classes, spreadsheets).

May import danvan.store and danvan.grammar; never danvan.ingest. Returns objects; never renders.
"""
