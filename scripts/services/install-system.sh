#!/usr/bin/env bash
# Install the Debian packages the project and its test-suite need, if missing.
# Fast no-op when everything is present (one dpkg-query call). Runs
# "apt-get update" at most once, and only when something has to be installed.
# Output is quiet: the apt log goes to var/log/install-system.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

[[ "$(id -u)" == 0 ]] || die "install-system.sh must run as root"
t0="$(now_ms)"

packages=(
  postgresql redis-server            # database, Celery broker
  poppler-utils                      # pdftotext / pdftoppm
  tesseract-ocr tesseract-ocr-fra    # OCR (French)
  chromium chromium-driver           # browser tests
  libreoffice-impress libreoffice-writer   # office -> PDF conversion
  python3-uno                              # the warm LibreOffice (unoserver) of legacy .doc/.ppt
  fonts-dejavu-core fonts-liberation2      # fonts (not pulled without recommends)
  wfrench                                  # French word list: never "corrected" by the search (search/spelling.py)
  maven curl ca-certificates
)

# A JDK >= 17 (for Maven and the OpenSearch node). Keep any JDK >= 17 that is
# already there; otherwise install 17, or the distribution's default JDK on
# releases that no longer ship 17.
jdk_ok() {
  command -v javac >/dev/null || return 1
  local major
  major="$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')"
  [[ -n "$major" ]] && (( major >= 17 ))
}

# Packages from the list that are not installed.
missing_packages() {
  local installed
  # (dpkg-query exits 1 when some package is unknown: that is expected here)
  installed="$( { dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true; } \
               | awk '$2 == "installed" {print $1}')"
  local p
  for p in "$@"; do
    grep -qx "$p" <<<"$installed" || echo "$p"
  done
}

mapfile -t missing < <(missing_packages "${packages[@]}")
need_jdk=0
jdk_ok || need_jdk=1

if (( ${#missing[@]} == 0 && need_jdk == 0 )); then
  log "system packages: all present ($(since "$t0"))"
  exit 0
fi

apt_log="$LOG_DIR/install-system.log"
: > "$apt_log"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

log "system packages: updating apt lists..."
if ! apt-get update -q >>"$apt_log" 2>&1; then
  tail_log "$apt_log"; die "apt-get update failed"
fi

if (( need_jdk )); then
  if apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
    missing+=(openjdk-17-jdk-headless)
  else
    missing+=(default-jdk-headless)
  fi
fi

# Package scripts must not start Debian's own postgresql/redis daemons: we run
# private instances on the same ports (see postgres.sh / redis.sh). A
# policy-rc.d that exits 101 forbids that; add one for the install if absent.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; added_policy=1
fi
cleanup() { if (( added_policy )); then rm -f "$policy"; fi; }
trap cleanup EXIT

log "system packages: installing ${missing[*]} ..."
if ! apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
  tail_log "$apt_log"; die "apt-get install failed (full log: $apt_log)"
fi

jdk_ok || die "no JDK >= 17 after install (javac -version: $(javac -version 2>&1 || true))"
log "system packages: installed ${missing[*]} ($(since "$t0"))"
