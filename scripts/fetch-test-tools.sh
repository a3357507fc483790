#!/usr/bin/env bash
# Test-only front-end tools from the npm registry into var/test-tools/ (never served by the site):
# axe-core, injected by the browser suite to check public pages for accessibility violations.
# Idempotent: nothing is fetched when the pinned version is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${MAILLAGE_VAR_DIR:-$ROOT/var}/test-tools"
AXE_VERSION="${AXE_VERSION:-4.14.1}"
TARGET="$DEST/axe-core-$AXE_VERSION"
[[ -f "$TARGET/axe.min.js" ]] && exit 0
command -v npm >/dev/null || { echo "npm est requis (apt-get install npm)" >&2; exit 1; }
mkdir -p "$DEST"
WORK="$(mktemp -d "$DEST/.fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
tar -xzf "$WORK"/*.tgz -C "$WORK"
rm -rf "$TARGET"
mv "$WORK/package" "$TARGET"
echo "axe-core $AXE_VERSION installé dans $TARGET"
