#!/usr/bin/env bash
# (b) Calls in flight: one worker with the launcher's heap (-Xmx192m, under 256 MiB), the stub
# answering each call in 2 s, JOBS jobs at once: prints the most calls the stub had open at once
# (target: at least 256, the worker's max-in-flight) and the worker's peak heap use.
#   bench/worker-in-flight.sh [JOBS=600]
source "$(dirname "$0")/lib.sh"
JOBS=${1:-600}
bench_up
stub reset > /dev/null
stub behaviour '{"latencyMs": 2000}' > /dev/null
heap_max=0
start=$(now_ms)
batch=$(post_batch "$JOBS")
while :; do
  heap=$(curl -s http://127.0.0.1:8084/q/metrics | awk '/^jvm_memory_used_bytes\{area="heap"/ {sum += $NF} END {printf "%d", sum}')
  [ "${heap:-0}" -gt "$heap_max" ] && heap_max=$heap
  status=$(curl -sf -H "Authorization: Bearer $TOKEN" "$API/generate/batch/$batch" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  case "$status" in completed|failed|cancelled) break ;; esac
  sleep 0.5
done
elapsed=$(( $(now_ms) - start ))
xmx=$(tr '\0' ' ' < "/proc/$(awk '{print $1}' "$STUDIO_HOME/pids/generation-worker.pid")/cmdline" | grep -o -- '-Xmx[0-9]*[mMgG]')
stub stats | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("in flight: %s jobs, 2 s each: the stub had at most %d calls open at once; worker heap %s, peak used %.0f MiB; %.1f s in all (%.0f images/s)"
      % (sys.argv[1], s["maxInFlight"], sys.argv[2], int(sys.argv[3]) / 1048576.0, int(sys.argv[4]) / 1000.0,
         int(sys.argv[1]) * 1000.0 / int(sys.argv[4])))' "$JOBS" "$xmx" "$heap_max" "$elapsed"
