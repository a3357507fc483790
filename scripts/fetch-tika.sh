#!/usr/bin/env bash
# Benchmark-only: Apache Tika 3.3.1 (standard parsers) from Maven Central into var/tika/, and the small driver
# bench/tika/TikaBench.java compiled against it. Used by `python -m bench.tika`; never part of the site.
# Idempotent: nothing is fetched or compiled when the driver is already built.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${MAILLAGE_VAR_DIR:-$ROOT/var}/tika"
[[ -f "$DEST/classes/TikaBench.class" && "$DEST/classes/TikaBench.class" -nt "$ROOT/bench/tika/TikaBench.java" ]] \
  && exit 0
command -v mvn >/dev/null || { echo "Maven est requis (apt-get install maven)" >&2; exit 1; }
command -v javac >/dev/null || { echo "Un JDK est requis (apt-get install default-jdk-headless)" >&2; exit 1; }
mvn -q -f "$ROOT/bench/tika/pom.xml" dependency:copy-dependencies -DoutputDirectory="$DEST/lib"
mkdir -p "$DEST/classes"
javac -nowarn -cp "$DEST/lib/*" -d "$DEST/classes" "$ROOT/bench/tika/TikaBench.java"
echo "Apache Tika 3.3.1 et son pilote installés dans $DEST"
