"""Publish: taking figures out of the dashboard for review conferences — stamped PNG/SVG images (kaleido), decks
(python-pptx) and report tables (XLSX).

May import danvan.present, danvan.geo, danvan.store and danvan.grammar; never danvan.ingest. Returns bytes; never
renders on a page.
"""
