#!/usr/bin/env bash
# (d) Scaling when the provider's latency dominates: each worker limited to IN_FLIGHT calls at once,
# the stub answering in LATENCY ms, ITEMS items with 1 worker, then with 2: prints both times and
# the speed-up (target: at least 1.7).
#   bench/worker-scaling.sh [ITEMS=120] [LATENCY=2000] [IN_FLIGHT=4]
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-120}
LATENCY=${2:-2000}
IN_FLIGHT=${3:-4}
declare -A took
for workers in 1 2; do
  bench_fleet "$workers" STUDIO_WORKER_MAX_IN_FLIGHT="$IN_FLIGHT"
  stub reset > /dev/null
  stub behaviour "{\"latencyMs\": $LATENCY}" > /dev/null
  before=()
  for port in "${PORTS[@]}"; do before+=("$(worker_results "$port")"); done
  start=$(now_ms)
  batch=$(post_batch "$ITEMS")
  counters=$(wait_batch "$batch")
  took[$workers]=$(( $(now_ms) - start ))
  split=""
  for i in "${!PORTS[@]}"; do split="$split $(( $(worker_results "${PORTS[$i]}") - before[i] ))"; done
  echo "scaling: $workers worker(s), $ITEMS items, $LATENCY ms each, $IN_FLIGHT in flight per worker: $(( took[$workers] )) ms (batch $counters; items per worker:$split)"
done
python3 -c 'import sys; one, two = int(sys.argv[1]), int(sys.argv[2]); print("scaling: 2 workers are %.2f times as fast as 1" % (one / two))' \
  "${took[1]}" "${took[2]}"
