#!/usr/bin/env bash
# The platform's cost per image: one worker, a stub that answers at once, ITEMS items in each of three
# runs on one platform: the stub's flat images (a few KB: bookkeeping alone), photo-like PNGs (about
# 2.5 MB at 1024x1024, as the provider's) and the same as JPEG (output_format jpeg). For each run it
# prints items/s from the batch's POST to batch-service's last result applied, and the CPU milliseconds
# per image of each process (each service, Kafka, PostgreSQL, the S3 store, the stub) and of the whole
# machine. Everything runs on this machine and shares its cores.
# Targets (2,000 items): flat at least 60 items/s and at most 30 ms of CPU per image on the whole
# machine; PNG at least 30 items/s; JPEG at least 50 items/s.
#   bench/worker-overhead.sh [ITEMS=2000] [RUNS="flat png jpeg"]
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-2000}
RUNS=${2:-flat png jpeg}
# At zero latency a call is answered as soon as it is open: 32 open calls keep the worker busy, and
# 256 (the default, for a provider that takes seconds) would hold 256 answers of 3.4 MB at once.
bench_up STUDIO_WORKER_MAX_IN_FLIGHT=32
echo "overhead: $ITEMS items a run, one worker (max-in-flight 32), zero provider latency; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"

run() {
  local kind=$1 images parameters
  case "$kind" in
    flat) images=flat; parameters='{"quality": "low", "size": "1024x1024"}' ;;
    png) images=photo; parameters='{"quality": "low", "size": "1024x1024"}' ;;
    jpeg) images=photo; parameters='{"quality": "low", "size": "1024x1024", "output_format": "jpeg"}' ;;
  esac
  stub reset > /dev/null
  stub behaviour "{\"latencyMs\": 0, \"images\": \"$images\"}" > /dev/null
  idle 8084
  python3 bench/cpu.py snapshot "$WORK/cpu-before.json"
  local start accepted batch counters elapsed
  start=$(now_ms)
  batch=$(BATCH_PARAMETERS=$parameters post_batch "$ITEMS")
  accepted=$(( $(now_ms) - start ))
  counters=$(wait_batch "$batch")
  elapsed=$(( $(now_ms) - start ))
  python3 bench/cpu.py snapshot "$WORK/cpu-after.json"
  python3 -c 'import sys
kind, items, accepted, elapsed, counters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
print("%s: %d items in %.1f s = %.1f items/s (accepted in %.2f s; batch %s)" % (kind, items, elapsed / 1000.0, items * 1000.0 / elapsed,
      accepted / 1000.0, counters))' "$kind" "$ITEMS" "$accepted" "$elapsed" "$counters"
  python3 bench/cpu.py report "$WORK/cpu-before.json" "$WORK/cpu-after.json" "$ITEMS"
}

# a warm-up batch first, not measured: the services' JIT compiles the hot paths on the first hundreds
stub behaviour '{"latencyMs": 0, "images": "flat"}' > /dev/null
wait_batch "$(post_batch 300)" > /dev/null
for kind in $RUNS; do
  run "$kind"
done
