#!/usr/bin/env bash
# (d) Scaling when the provider's latency dominates: each worker limited to IN_FLIGHT calls at once,
# the stub answering in LATENCY ms, ITEMS items with 1 worker, then with 2: prints both times and
# the speed-up (target: at least 1.7).
#   bench/worker-scaling.sh [ITEMS=480] [LATENCY=1000] [IN_FLIGHT=16]
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-480}
LATENCY=${2:-1000}
IN_FLIGHT=${3:-16}
declare -A took
for workers in 1 2; do
  bench_up STUDIO_WORKER_MAX_IN_FLIGHT="$IN_FLIGHT"
  ports=(8084)
  if [ "$workers" = 2 ]; then
    read -r _ port < <(env STUDIO_WORKER_MAX_IN_FLIGHT="$IN_FLIGHT" ./studio worker second 2>/dev/null)
    ports+=("$port")
  fi
  idle "${ports[@]}"
  stub reset > /dev/null
  stub behaviour "{\"latencyMs\": $LATENCY}" > /dev/null
  start=$(now_ms)
  batch=$(post_batch "$ITEMS")
  counters=$(wait_batch "$batch")
  took[$workers]=$(( $(now_ms) - start ))
  echo "scaling: $workers worker(s), $ITEMS items, $LATENCY ms each, $IN_FLIGHT in flight per worker: $(( took[$workers] ))ms (batch $counters)"
done
python3 -c 'import sys; one, two = int(sys.argv[1]), int(sys.argv[2]); print("scaling: 2 workers are %.2f times as fast as 1" % (one / two))' \
  "${took[1]}" "${took[2]}"
