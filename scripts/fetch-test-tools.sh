#!/usr/bin/env bash
# Test-only front-end tools from the npm registry into var/test-tools/ (never served by the site):
# axe-core, injected by the browser suite to check public pages for accessibility violations.
# Idempotent: nothing is fetched when the pinned version is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${MAILLAGE_VAR_DIR:-$ROOT/var}/test-tools"
AXE_VERSION="${AXE_VERSION:-4.14.1}"
TARGET="$DEST/axe-core-$AXE_VERSION"
[[ -f "$TARGET/axe.min.js" ]] && exit 0  # the version is in the folder's name
# shellcheck source=npm-fetch.sh
source "$ROOT/scripts/npm-fetch.sh"
npm_fetch axe-core "$AXE_VERSION" "$TARGET" axe.min.js
