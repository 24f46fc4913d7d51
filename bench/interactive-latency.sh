#!/usr/bin/env bash
# Interactive latency: from POST /generate (a single image, through the gateway) to that image's
# item.completed event on the vendor's live stream, on an idle platform with a stub that answers at
# once. COUNT images one after the other; prints p50, p95 and max, and where the time goes (request to
# the worker's call, the call and storing, the result's way to the stream) from the item's timestamps.
# Targets: p50 under 150 ms, p95 under 300 ms over 200 images.
#   bench/interactive-latency.sh [COUNT=200] [IMAGES=flat|photo]
source "$(dirname "$0")/lib.sh"
COUNT=${1:-200}
IMAGES=${2:-photo}
bench_up
stub reset > /dev/null
stub behaviour "{\"latencyMs\": 0, \"images\": \"$IMAGES\"}" > /dev/null
echo "interactive latency: $COUNT single images one after the other, $IMAGES images, idle platform; $(nproc) cores"
python3 - "$API" "$TOKEN" "$COUNT" <<'PY'
import json, sys, threading, time, urllib.request
from datetime import datetime
api, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
auth = {"Authorization": "Bearer " + token}
arrived, events = {}, {}
lock = threading.Condition()

def listen():
    request = urllib.request.Request(api + "/events", headers=dict(auth, Accept="text/event-stream"))
    with urllib.request.urlopen(request) as stream:
        name = None
        for line in stream:
            if line.startswith(b"event:"):
                name = line[6:].strip().decode()
            elif line.startswith(b"data:") and name == "item.completed":
                at = time.time()
                data = json.loads(line[5:])
                with lock:
                    arrived[data["itemId"]] = at
                    lock.notify_all()

threading.Thread(target=listen, daemon=True).start()
time.sleep(2)
ms = lambda iso: datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
latencies, legs = [], []
# each image its own prompt: an identical request would be served from the vendor's cache of earlier images
body = lambda i: json.dumps({"prompt": "A glass jar of Blue Dream flower no. %d on white marble, studio light" % i,
                             "parameters": {"quality": "low", "size": "1024x1024"}}).encode()
warm = 20  # the first images warm the JIT of every process on the way; they are not counted
for i in range(-warm, count):
    start = time.time()
    request = urllib.request.Request(api + "/generate", data=body(i), headers=dict(auth, **{"Content-Type": "application/json"}))
    item = json.load(urllib.request.urlopen(request))["id"]
    with lock:
        if not lock.wait_for(lambda: item in arrived, timeout=30):
            print("image %d: no event within 30 s" % i); continue
        if i < 0: continue
        latencies.append((arrived[item] - start) * 1000)
    if i < 50 or i % 10 == 0:
        got = json.load(urllib.request.urlopen(urllib.request.Request(api + "/generate/" + item, headers=auth)))
        if got.get("releasedAt") and got.get("processedAt"):
            legs.append((ms(got["releasedAt"]) - start, ms(got["processedAt"]) - ms(got["releasedAt"]), arrived[item] - ms(got["processedAt"])))
latencies.sort()
pick = lambda values, q: values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
print("POST /generate to item.completed on the stream, %d images: p50 %.0f ms, p95 %.0f ms, max %.0f ms (targets: 150, 300)"
      % (len(latencies), pick(latencies, 0.5), pick(latencies, 0.95), latencies[-1]))
if legs:
    for n, name in enumerate(["request to release (the fair queue)", "release to result applied (relay, worker, call, storing, result)",
                              "result applied to the stream (outbox relay, notification-service, gateway)"]):
        values = sorted(l[n] * 1000 for l in legs)
        print("  %-75s p50 %4.0f ms, p95 %4.0f ms" % (name, pick(values, 0.5), pick(values, 0.95)))
PY
