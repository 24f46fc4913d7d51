#!/usr/bin/env bash
# (a) The fleet's rate limit. With 1, then 2 worker processes, the stub allowing L requests a minute
# (429 beyond) and the workers configured with L, and a backlog of about MINUTES of work: prints the
# most requests the stub received in any 60 s (must not exceed L) and what the fleet delivered per
# minute while the backlog lasted (target: at least 97% of L).
#   bench/worker-rate-limit.sh [L=120] [MINUTES=2]
source "$(dirname "$0")/lib.sh"
L=${1:-120}
MINUTES=${2:-2}
N=$((L * MINUTES + L / 10))
echo "rate limit: L=$L requests/min, $N images (about $MINUTES min of backlog), stub latency 300 ms"
for workers in 1 2; do
  bench_fleet "$workers" STUDIO_WORKER_RATE_LIMIT_REQUESTS_PER_MINUTE="$L"
  stub reset > /dev/null
  stub behaviour "{\"requestsPerMinute\": $L, \"latencyMs\": 300}" > /dev/null
  batch=$(post_batch "$N")
  counters=$(wait_batch "$batch")
  stub stats | python3 -c '
import json, sys
s = json.load(sys.stdin); L = int(sys.argv[1]); workers = sys.argv[2]; counters = sys.argv[3]
minutes = (s["lastAt"] - s["firstAt"]) / 60000.0
delivered = (s["requests"] - 1) / minutes if minutes > 0 else 0
print("%s worker(s): max in any 60 s %d (limit %d, %s); delivered %.1f/min = %.1f%% of L over %.2f min; 429s %d; batch %s"
      % (workers, s["maxPerMinute"], L, "ok" if s["maxPerMinute"] <= L else "OVER", delivered, 100.0 * delivered / L,
         minutes, s["byStatus"].get("429", 0), counters))' "$L" "$workers" "$counters"
done
