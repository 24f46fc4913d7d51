#!/usr/bin/env bash
# How long the platform takes to accept a 10,000-row CSV batch: parsed, rendered, validated, priced
# (and held to the vendor's budget), stored and its jobs enqueued (the 202), through the gateway.
# Needs ./studio up running. Prints the figures of each run; the target is 3 s or less on a 2-core
# machine.
#   bench/csv-accept.sh [rows] [runs] [pause-seconds]
# Between runs it pauses (default 60 s) so that the services have relayed and consumed the previous
# batch's 10,000 jobs: each run then measures a quiet platform, as a vendor's upload would meet it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000}
RUNS=${2:-3}
PAUSE=${3:-60}
API=${STUDIO_API:-http://127.0.0.1:8080/api/vendor/media}
TOKEN=$(./studio token --vendor "bench-$(date +%s)")
AUTH="Authorization: Bearer $TOKEN"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

TEMPLATE=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' "$API/prompt-templates" \
  -d '{"name": "Bench", "category": "product", "promptText": "{product_name} cannabis flower, {strain_type} strain, macro photography"}' \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')
{
  echo 'product_name,strain_type'
  for i in $(seq 1 "$ROWS"); do echo "\"Product $i, batch $RANDOM\",hybrid"; done
} > "$WORK/products.csv"
echo "csv: $ROWS rows, $(wc -c < "$WORK/products.csv") bytes; template $TEMPLATE"

for run in $(seq 1 "$RUNS"); do
  [ "$run" = 1 ] || sleep "$PAUSE"
  # bulk priority: the bench measures acceptance, the worker need not draw 10,000 images right away
  result=$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -H "$AUTH" "$API/generate/batch/csv" \
    -F file=@"$WORK/products.csv" -F templateId="$TEMPLATE" -F priority=bulk -F name="bench run $run")
  status=${result% *}
  seconds=${result#* }
  batch=$(sed -E 's/^\{"id":"([^"]+)".*/\1/' "$WORK/answer.json")
  estimate=$(sed -E 's/.*"estimatedCostUsd":([0-9.]+).*/\1/' "$WORK/answer.json")
  echo "run $run: HTTP $status in ${seconds}s (batch $batch, estimated at \$$estimate)"
  [ "$status" = 202 ] || { cat "$WORK/answer.json"; echo; exit 1; }
  # cancel it, so that the next run and the worker are not slowed by it
  curl -s -o /dev/null -X DELETE -H "$AUTH" "$API/generate/batch/$batch"
done
