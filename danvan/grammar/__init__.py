"""Grammar: the pure rules of the domain (text keys, periods, values, the column contract, the catalogue, labels).

No I/O beyond reading the catalogue's YAML, no DuckDB, no Streamlit. Imports nothing else from danvan.
"""
