#!/usr/bin/env bash
# Install geomap and run the main job on the example articles in seeds/:
# events (GeoJSON), territorial control (GeoJSON) and the layered maps (online + fully offline HTML) in maps/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q --disable-pip-version-check -e .
mkdir -p maps
geomap extract seeds/ -o maps/seeds-events.geojson --overwrite
geomap control maps/seeds-events.geojson -o maps/seeds-control.geojson --overwrite
geomap map seeds/ -o maps/seeds.html --offline --title "geomap example reports" --overwrite
geomap map seeds/ -o maps/seeds-online.html --title "geomap example reports" --overwrite
echo "maps written: maps/seeds.html (self-contained, offline), maps/seeds-online.html (web tiles)" >&2
