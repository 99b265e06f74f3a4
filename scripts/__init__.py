"""Build scripts of committed data; run as modules from the project root: `python -m scripts.<name>`."""
