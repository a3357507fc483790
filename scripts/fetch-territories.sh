#!/usr/bin/env bash
# Fetch France's official administrative divisions (Etalab, MIT licence) into var/etalab/.
#
# Idempotent: does nothing when the pinned version is already unpacked. Needs only npm (the npm
# registry); nothing is fetched at run time afterwards: `manage.py load_territories` reads the files.
set -euo pipefail

VERSION="${DECOUPAGE_VERSION:-6.0.0}"
PACKAGE="@etalab/decoupage-administratif"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${MAILLAGE_VAR_DIR:-$ROOT/var}/etalab"
TARGET="$DEST/decoupage-administratif"
STAMP="$TARGET/.version"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" && -f "$TARGET/data/communes.json" ]]; then
  echo "Découpage administratif $VERSION déjà présent dans $TARGET"
  exit 0
fi

command -v npm >/dev/null || { echo "npm est requis (apt-get install npm)" >&2; exit 1; }
mkdir -p "$DEST"
WORK="$(mktemp -d "$DEST/.fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "Téléchargement de $PACKAGE@$VERSION…"
(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL="$(ls "$WORK"/*.tgz)"
mkdir -p "$WORK/unpacked"
tar -xzf "$TARBALL" -C "$WORK/unpacked"
echo "$VERSION" > "$WORK/unpacked/package/.version"

# Swap in atomically-ish: the previous copy is only removed once the new one is complete.
rm -rf "$TARGET.old"
[[ -d "$TARGET" ]] && mv "$TARGET" "$TARGET.old"
mv "$WORK/unpacked/package" "$TARGET"
mv "$TARBALL" "$DEST/"
rm -rf "$TARGET.old"
echo "Découpage administratif $VERSION installé dans $TARGET"
