#!/usr/bin/env bash
# Quick end-to-end check of the running services (after up.sh):
# PostgreSQL login + CREATEDB, Redis PING, OpenSearch health, the French
# analysis chain (analysis-common module) and highlighting.
# Leaves no data behind (uses and deletes a scratch index / database).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

fail() { die "smoke test: $*"; }
json() { curl -s --max-time 10 -H 'Content-Type: application/json' "$@"; }

# --- PostgreSQL: login, and the CREATEDB right the Django test runner needs.
db_url="postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT"
[[ "$(psql -X -At "$db_url/$PG_DB" -c 'select 1')" == 1 ]] || fail "postgres login"
PGOPTIONS="-c client_min_messages=warning" psql -X -q "$db_url/$PG_DB" -c 'drop database if exists smoke_test_db' -c 'create database smoke_test_db' -c 'drop database smoke_test_db' \
  || fail "postgres: maillage cannot create databases"
log "smoke: postgres ok (login, CREATEDB)"

# --- Redis
[[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping)" == PONG ]] || fail "redis PING"
log "smoke: redis ok"

# --- OpenSearch
os="http://$OS_HOST:$OS_HTTP_PORT"
idx=smoke-test-fr
health="$(json "$os/_cluster/health")"
grep -q '"status":"green"' <<<"$health" || fail "opensearch not green: $health"

json -X DELETE "$os/$idx" >/dev/null
out="$(json -X PUT "$os/$idx" -d '{
  "settings": {"number_of_shards": 1, "number_of_replicas": 0,
    "analysis": {"analyzer": {"fr": {"tokenizer": "standard",
      "filter": ["elision", "lowercase", "asciifolding", "french_stem"]}}}},
  "mappings": {"properties": {"body": {"type": "text", "analyzer": "fr"}}}}')"
grep -q '"acknowledged":true' <<<"$out" || fail "create index with French analyzer: $out"

out="$(json "$os/$idx/_analyze" -d "{\"analyzer\": \"fr\", \"text\": \"L'économie des ressourceries\"}")"
tokens="$(grep -o '"token":"[^"]*"' <<<"$out" | cut -d'"' -f4 | tr '\n' ' ')"
[[ "$tokens" == "econom de ressourcer " ]] || fail "French analysis gave '$tokens' ($out)"
log "smoke: opensearch French analyzer ok: L'économie des ressourceries -> $tokens"

json -X PUT "$os/$idx/_doc/1?refresh=true" \
  -d "{\"body\": \"L'économie circulaire des ressourceries en Bretagne\"}" >/dev/null
out="$(json "$os/$idx/_search" -d '{"query": {"match": {"body": "ressourcerie economie"}},
  "highlight": {"fields": {"body": {}}}}')"
grep -q '<em>ressourceries</em>' <<<"$out" || fail "highlighting: $out"
log "smoke: opensearch highlight ok: $(grep -o '"highlight":{[^}]*}' <<<"$out")"
json -X DELETE "$os/$idx" >/dev/null

log "smoke: all good"
