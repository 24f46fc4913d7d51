#!/usr/bin/env bash
# Time to an interactive studio page and to a rendered 10,000-item batch page, in Debian's headless
# chromium (apt-get install chromium), against a running ./studio up. Signs in as the demo vendor
# acme; makes a template and a 10,000-row batch scheduled a day ahead (stored, nothing generated),
# then cancels it. Prints the median of each over RUNS page loads.
#   bench/studio-pages.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BASE=${STUDIO_URL:-http://127.0.0.1:8080}
API=$BASE/api/vendor/media
TOKEN=$(./studio token --vendor acme)
AUTH="Authorization: Bearer $TOKEN"
(cd bench/studio-pages && [ -d node_modules ] || npm ci --no-audit --no-fund --silent)

TEMPLATE=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' "$API/prompt-templates" \
  -d '{"name": "Bench pages", "category": "product", "promptText": "{product_name} cannabis flower, {strain_type} strain"}' \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')
WORK=$(mktemp -d)
WHEN=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
{
  printf '{"name": "Bench pages", "templateId": "%s", "scheduledFor": "%s", "rows": [' "$TEMPLATE" "$WHEN"
  for i in $(seq 1 10000); do [ "$i" = 1 ] || printf ','; printf '{"product_name":"Item %d","strain_type":"hybrid"}' "$i"; done
  printf ']}'
} > "$WORK/batch.json"
BATCH=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' "$API/generate/batch" --data-binary "@$WORK/batch.json" \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')
trap 'curl -s -o /dev/null -X DELETE -H "$AUTH" "$API/generate/batch/$BATCH"; curl -s -o /dev/null -X DELETE -H "$AUTH" "$API/prompt-templates/$TEMPLATE"; rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores; batch $BATCH (10,000 items); $RUNS page loads each"
node bench/studio-pages/measure.mjs "$BASE" acme acme-studio-demo "$BATCH" "$RUNS"
