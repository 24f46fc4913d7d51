#!/usr/bin/env bash
# (c) The platform's overhead per image: one worker, a stub that answers at once, ITEMS items: prints
# the time from the batch's POST to the worker's last result published, and to batch-service's last
# result applied, with items/s for each (target: 1,000/s). Everything runs on this machine: gateway,
# batch-service, template-service, notification-service, Kafka, PostgreSQL, the worker, S3 and the
# stub share its cores.
#   bench/worker-overhead.sh [ITEMS=2000]
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-2000}
bench_up
stub reset > /dev/null
stub behaviour '{"latencyMs": 0}' > /dev/null
start=$(now_ms)
batch=$(post_batch "$ITEMS")
accepted=$(( $(now_ms) - start ))
before=$(worker_results 8084)
while [ $(( $(worker_results 8084) - before )) -lt "$ITEMS" ]; do sleep 1; done
worker=$(( $(now_ms) - start ))
counters=$(wait_batch "$batch")
elapsed=$(( $(now_ms) - start ))
python3 -c 'import sys
items, accepted, worker, elapsed, counters = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
print("overhead: %d items, accepted in %.2f s; the worker published its last result after %.2f s (%.0f items/s); batch-service applied the last after %.2f s (%.0f items/s; batch %s)"
      % (items, accepted / 1000.0, worker / 1000.0, items * 1000.0 / worker, elapsed / 1000.0, items * 1000.0 / elapsed, counters))' \
  "$ITEMS" "$accepted" "$worker" "$elapsed" "$counters"
