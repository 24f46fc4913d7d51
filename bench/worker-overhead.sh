#!/usr/bin/env bash
# (c) The platform's overhead per image: one worker, a stub that answers at once (placeholder-sized
# PNGs), ITEMS items: prints the time from the batch's POST to its last result applied, and items/s
# (target: 1,000/s). Everything runs on this machine: gateway, batch-service, Kafka, PostgreSQL,
# the worker, S3 and the stub share its cores.
#   bench/worker-overhead.sh [ITEMS=5000]
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-5000}
bench_up
stub reset > /dev/null
stub behaviour '{"latencyMs": 0}' > /dev/null
start=$(now_ms)
batch=$(post_batch "$ITEMS")
accepted=$(( $(now_ms) - start ))
counters=$(wait_batch "$batch")
elapsed=$(( $(now_ms) - start ))
python3 -c 'import sys
items, accepted, elapsed, counters = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print("overhead: %d items, accepted in %.2f s, last result applied after %.2f s: %.0f items/s (batch %s)"
      % (items, accepted / 1000.0, elapsed / 1000.0, items * 1000.0 / elapsed, counters))' "$ITEMS" "$accepted" "$elapsed" "$counters"
