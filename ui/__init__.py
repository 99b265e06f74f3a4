"""Streamlit-only glue: cached store access, language, URL-backed pickers. Core logic stays in danvan/."""
