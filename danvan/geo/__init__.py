"""Map boundaries: an approximate default built from commune centres, replaceable by official files.

`boundaries` builds and serves the default layers; `official` loads GeoJSON/Shapefile/GeoPackage files
over them; `cli` exposes both on the command line.
"""
