#!/usr/bin/env bash
# (b) Calls in flight: one worker with the launcher's heap (-Xmx192m, under 256 MiB) and the stub
# answering each call in 2 s. The JOBS jobs wait in Kafka before the worker starts (the platform's
# worker is stopped, the batch posted, then a fresh worker started), so that the worker, not the
# upstream, sets the pace: prints the most calls the stub had open at once (target: at least 256,
# the worker's max-in-flight), the worker's peak heap use, and its samples with BENCH_VERBOSE=1.
#   bench/worker-in-flight.sh [JOBS=600]
source "$(dirname "$0")/lib.sh"
JOBS=${1:-600}
bench_up
first=$(awk '{print $1}' "$STUDIO_HOME/pids/generation-worker.pid")
kill "$first"
while kill -0 "$first" 2>/dev/null; do sleep 0.2; done
stub reset > /dev/null
stub behaviour '{"latencyMs": 2000}' > /dev/null
batch=$(post_batch "$JOBS")
sleep 3
read -r pid port < <(./studio worker bench 2>/dev/null)
heap_max=0
start=$(now_ms)
while :; do
  heap=$(curl -s "http://127.0.0.1:$port/q/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {sum += $NF} END {printf "%d", sum}')
  [ "${heap:-0}" -gt "$heap_max" ] && heap_max=$heap
  held=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/worker/status" \
    | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["inFlight"], s["finishing"], sum(s["queued"].values()))')
  echo "$(( $(now_ms) - start ))ms: in flight, finishing, held: $held" >> "$WORK/samples.txt"
  status=$(curl -sf -H "Authorization: Bearer $TOKEN" "$API/generate/batch/$batch" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  case "$status" in completed|failed|cancelled) break ;; esac
  sleep 0.5
done
elapsed=$(( $(now_ms) - start ))
[ -n "${BENCH_VERBOSE:-}" ] && cat "$WORK/samples.txt"
xmx=$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -o -- '-Xmx[0-9]*[mMgG]')
stub stats | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("in flight: %s jobs, 2 s each: the stub had at most %d calls open at once; worker heap %s, peak used %.0f MiB; %.1f s in all (%.0f images/s)"
      % (sys.argv[1], s["maxInFlight"], sys.argv[2], int(sys.argv[3]) / 1048576.0, int(sys.argv[4]) / 1000.0,
         int(sys.argv[1]) * 1000.0 / int(sys.argv[4])))' "$JOBS" "$xmx" "$heap_max" "$elapsed"
