#!/usr/bin/env bash
# Notifications: the latency from an item's result event (the worker's publish, the Kafka record's
# timestamp, carried as resultAt in item.completed) to its webhook arriving at a receiver on this
# machine and to its event on the live SSE stream, read through the gateway. ITEMS items, a stub
# answering in 200 ms, the worker limited to RATE a minute so results trickle in as they would from
# a real provider. Prints p50, p95 and max for both (target: p95 under 500 ms).
#   bench/notification-latency.sh [ITEMS=120] [RATE=240]
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-120}
RATE=${2:-240}
bench_up STUDIO_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true STUDIO_WORKER_RATE_LIMIT_REQUESTS_PER_MINUTE="$RATE"
stub reset > /dev/null
stub behaviour '{"latencyMs": 200}' > /dev/null

# the receiver: records when each webhook arrived
python3 - "$WORK/hooks.jsonl" > "$WORK/receiver.port" <<'PY' &
import http.server, json, sys, time, threading
out = open(sys.argv[1], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        at = time.time() * 1000
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(204); self.end_headers()
        out.write(json.dumps({"at": at, "body": json.loads(body)}) + "\n")
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
RECEIVER=$!
until [ -s "$WORK/receiver.port" ]; do sleep 0.2; done
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API/webhooks" \
  -d "{\"url\": \"http://127.0.0.1:$(cat "$WORK/receiver.port")/hook\", \"eventTypes\": [\"item.completed\"]}" > /dev/null

# the live stream: records when each item event arrived
python3 - "$API/events" "$TOKEN" "$WORK/sse.jsonl" <<'PY' &
import json, sys, time, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2], "Accept": "text/event-stream"})
out = open(sys.argv[3], "a", buffering=1)
with urllib.request.urlopen(request) as stream:
    for line in stream:
        if line.startswith(b"data:"):
            at = time.time() * 1000
            out.write(json.dumps({"at": at, "data": json.loads(line[5:])}) + "\n")
PY
SSE=$!
trap 'kill $RECEIVER $SSE 2>/dev/null; bench_cleanup' EXIT
sleep 2

batch=$(post_batch "$ITEMS")
counters=$(wait_batch "$batch")
# every item's webhook and stream event, or 60 s
for _ in $(seq 1 120); do
  [ "$(grep -c '"item.completed"' "$WORK/hooks.jsonl" 2>/dev/null)" -ge "$ITEMS" ] \
    && [ "$(grep -c '"resultAt"' "$WORK/sse.jsonl" 2>/dev/null)" -ge "$ITEMS" ] && break
  sleep 0.5
done
python3 - "$WORK/hooks.jsonl" "$WORK/sse.jsonl" "$ITEMS" "$counters" <<'PY'
import json, sys
from datetime import datetime
def ms(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000
def stats(name, latencies):
    if not latencies:
        print("%s: nothing arrived" % name); return
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(round(q * (len(latencies) - 1))))]
    print("%-8s %4d items: p50 %4.0f ms, p95 %4.0f ms, max %4.0f ms" % (name, len(latencies), pick(0.5), pick(0.95), latencies[-1]))
hooks = [json.loads(l) for l in open(sys.argv[1])]
sse = [json.loads(l) for l in open(sys.argv[2])]
items = [h for h in hooks if h["body"]["type"] == "item.completed"]
webhook = [h["at"] - ms(h["body"]["data"]["resultAt"]) for h in items]
# the body's timestamp is when batch-service wrote the event (its outbox row): the two legs of the way
applied = [ms(h["body"]["timestamp"]) - ms(h["body"]["data"]["resultAt"]) for h in items]
relayed = [h["at"] - ms(h["body"]["timestamp"]) for h in items]
stream = [e["at"] - ms(e["data"]["resultAt"]) for e in sse if "itemId" in e["data"] and "resultAt" in e["data"]]
print("notification latency from the result event, %s items (batch %s):" % (sys.argv[3], sys.argv[4]))
stats("webhook", webhook)
stats("sse", stream)
print("the webhook's way in two legs:")
stats("applied", applied)
stats("relayed", relayed)
PY
