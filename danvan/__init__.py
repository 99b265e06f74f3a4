"""Dân vận Dashboard core: store, registry, catalogue, grammar. Never imports Streamlit."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
DEFAULT_DB = DATA_DIR / "danvan.duckdb"
