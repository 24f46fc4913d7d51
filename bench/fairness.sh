#!/usr/bin/env bash
# Fairness across vendors. The stub allows L requests a minute (the workers are told the same);
# vendor A queues ITEMS standard images (batches of 10,000); WAIT seconds later vendor B posts 20
# standard images and one urgent single image. Prints B's time to its first image and to its last,
# against its fair share (20 images at L/2 a minute), the urgent image's latency, A's pace before,
# during and after B's batch, and the fleet's use of L.
# Targets: B's first image within 3 s; B complete within 1.5 times its fair share; the urgent image
# within 1 s plus the stub's latency; the fleet at 97% of L or more throughout.
# IMAGES is the stub's image kind: photo (real-sized, the default) or flat (tiny, to isolate the queue).
#   bench/fairness.sh [L=600] [ITEMS=20000] [WAIT=30] [LATENCY_MS=300] [IMAGES=photo]
source "$(dirname "$0")/lib.sh"
L=${1:-600}
ITEMS=${2:-20000}
WAIT=${3:-30}
LATENCY=${4:-300}
IMAGES=${5:-photo}
echo "fairness: L=$L requests/min, vendor A queues $ITEMS items, vendor B comes ${WAIT}s later; stub latency ${LATENCY} ms, $IMAGES images"
bench_up STUDIO_WORKER_RATE_LIMIT_REQUESTS_PER_MINUTE="$L"
TOKEN_A=$TOKEN
TOKEN_B=$(./studio token --vendor "bench-b-$(date +%s%N)")
stub reset > /dev/null
stub behaviour "{\"requestsPerMinute\": $L, \"latencyMs\": $LATENCY, \"images\": \"$IMAGES\"}" > /dev/null

# post_rows TOKEN N PRIORITY: a batch of N rows of a new template of that vendor; its id on stdout
post_rows() {
  local token=$1 n=$2 priority=$3 template
  template=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$API/prompt-templates" \
    -d '{"name": "Fairness '"$RANDOM"'", "category": "product", "promptText": "{product_name} cannabis flower, macro photography"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  python3 -c 'import json,sys,uuid
n=int(sys.argv[1]); run=uuid.uuid4().hex[:8]
print(json.dumps({"templateId": sys.argv[2], "priority": sys.argv[3], "parameters": {"quality": "low", "size": "1024x1024"},
                  "rows": [{"product_name": "Fair %d %s" % (i, run)} for i in range(n)]}))' "$n" "$template" "$priority" > "$WORK/rows.json"
  curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$API/generate/batch" -d @"$WORK/rows.json" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# completed TOKEN ID...: the completed images of these batches, summed
completed() {
  local token=$1 sum=0 id n
  shift
  for id in "$@"; do
    n=$(curl -sf -H "Authorization: Bearer $token" "$API/generate/batch/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["completedImages"])')
    sum=$((sum + n))
  done
  echo "$sum"
}

# stub_requests: the requests the stub has answered so far
stub_requests() { stub stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'; }

A_BATCHES=()
left=$ITEMS
while [ "$left" -gt 0 ]; do
  n=$((left > 10000 ? 10000 : left))
  A_BATCHES+=("$(post_rows "$TOKEN_A" "$n" normal)")
  left=$((left - n))
done
start=$(now_ms)
echo "A queued ${#A_BATCHES[@]} batch(es) at $(date -u +%T)"
# A alone: its pace between 10 s and WAIT s
while [ $(( $(now_ms) - start )) -lt 10000 ]; do sleep 0.5; done
a0=$(completed "$TOKEN_A" "${A_BATCHES[@]}"); r0=$(stub_requests); t0=$(now_ms)
while [ $(( $(now_ms) - start )) -lt $((WAIT * 1000)) ]; do sleep 0.5; done
a1=$(completed "$TOKEN_A" "${A_BATCHES[@]}"); r1=$(stub_requests); t1=$(now_ms)

B=$(post_rows "$TOKEN_B" 20 normal)
URGENT=$(curl -sf -H "Authorization: Bearer $TOKEN_B" -H 'Content-Type: application/json' "$API/generate" \
  -d '{"prompt": "A glass jar of Blue Dream flower on white marble, studio light", "parameters": {"quality": "low", "size": "1024x1024"}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
b_status=$(TOKEN=$TOKEN_B; wait_batch "$B")
until curl -sf -H "Authorization: Bearer $TOKEN_B" "$API/generate/$URGENT" | grep -q '"status":"completed"\|"status": "completed"'; do sleep 0.2; done
a2=$(completed "$TOKEN_A" "${A_BATCHES[@]}"); r2=$(stub_requests); t2=$(now_ms)
# A alone again for as long as B took, at least 20 s
span=$(( t2 - t1 > 20000 ? t2 - t1 : 20000 ))
while [ $(( $(now_ms) - t2 )) -lt "$span" ]; do sleep 0.5; done
a3=$(completed "$TOKEN_A" "${A_BATCHES[@]}"); r3=$(stub_requests); t3=$(now_ms)

curl -sf -H "Authorization: Bearer $TOKEN_B" "$API/generate/batch/$B" > "$WORK/b.json"
curl -sf -H "Authorization: Bearer $TOKEN_B" "$API/generate/batch/$B/items?size=100" > "$WORK/b-items.json"
curl -sf -H "Authorization: Bearer $TOKEN_B" "$API/generate/$URGENT" > "$WORK/urgent.json"
stub stats > "$WORK/stub.json"
for id in "${A_BATCHES[@]}"; do curl -sf -X DELETE -H "Authorization: Bearer $TOKEN_A" "$API/generate/batch/$id" > /dev/null || true; done

python3 - "$L" "$LATENCY" "$WORK" "$b_status" "$a0 $a1 $a2 $a3" "$r0 $r1 $r2 $r3" "$t0 $t1 $t2 $t3" <<'PY'
import json, sys
from datetime import datetime
L, latency, work, b_status = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
a = [int(x) for x in sys.argv[5].split()]; r = [int(x) for x in sys.argv[6].split()]; t = [int(x) for x in sys.argv[7].split()]
ts = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
b = json.load(open(work + "/b.json")); items = json.load(open(work + "/b-items.json"))["items"]; u = json.load(open(work + "/urgent.json"))
created = ts(b["createdAt"])
first = min(ts(i["processedAt"]) for i in items if i.get("processedAt")) - created
last = max(ts(i["processedAt"]) for i in items if i.get("processedAt")) - created
fair = 20 / (L / 2.0) * 60
urgent = ts(u["processedAt"]) - ts(u["createdAt"])
per_min = lambda i: 60000.0 * (r[i + 1] - r[i]) / (t[i + 1] - t[i])
a_rate = lambda i: 60000.0 * (a[i + 1] - a[i]) / (t[i + 1] - t[i])
print("B's batch: %s; first image after %.2f s (target 3 s); complete after %.2f s, its fair share %.1f s (%.2f times; target 1.5)"
      % (b_status, first, last, fair, last / fair))
print("urgent single image: %.2f s from request to completed (target 1 s + the stub's %d ms)" % (urgent, latency))
if u.get("releasedAt"):
    print("  of which: %.2f s from request to release (the fair queue), %.2f s from release to its result applied (outbox relay,"
          " the worker's turn, the call, storing, the result's way back)" % (ts(u["releasedAt"]) - ts(u["createdAt"]),
                                                                         ts(u["processedAt"]) - ts(u["releasedAt"])))
firsts = sorted((ts(i["processedAt"]), i) for i in items if i.get("processedAt"))
if firsts and firsts[0][1].get("releasedAt"):
    i = firsts[0][1]
    print("  B's first image: %.2f s to its release, %.2f s from release to result" % (ts(i["releasedAt"]) - created,
                                                                                      ts(i["processedAt"]) - ts(i["releasedAt"])))
print("A's pace: before B %.0f/min, while B ran %.0f/min, after %.0f/min" % (a_rate(0), a_rate(1), a_rate(2)))
s = json.load(open(work + "/stub.json"))
print("the stub: %d requests, most in any 60 s %d (L %d), 429s %d" % (s["requests"], s["maxPerMinute"], L, s["byStatus"].get("429", 0)))
print("the fleet: %.0f/min = %.1f%% of L before B, %.0f/min = %.1f%% while B ran, %.0f/min = %.1f%% after (target 97%%)"
      % (per_min(0), 100 * per_min(0) / L, per_min(1), 100 * per_min(1) / L, per_min(2), 100 * per_min(2) / L))
PY
