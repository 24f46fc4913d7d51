#!/usr/bin/env bash
# Shared by the worker benchmarks: a platform of their own (a fresh STUDIO_HOME, the OpenAI stub),
# started with the environment they need, driven through the gateway and the stub's control API.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
API=http://127.0.0.1:8080/api/vendor/media
WORK=$(mktemp -d)
export STUDIO_HOME="$WORK/home"
trap 'bench_cleanup' EXIT

# stops the platform and removes its files; BENCH_KEEP_LOGS=DIR keeps the services' logs there
bench_cleanup() {
  bench_down
  if [ -n "${BENCH_KEEP_LOGS:-}" ] && [ -d "$STUDIO_HOME/logs" ]; then
    mkdir -p "$BENCH_KEEP_LOGS" && cp -r "$STUDIO_HOME/logs/." "$BENCH_KEEP_LOGS/"
  fi
  rm -rf "$WORK"
}

# bench_up KEY=VALUE...: ./studio up --openai-stub with these settings, in the background, until ready.
bench_up() {
  bench_down
  env "$@" nohup ./studio up --openai-stub > "$WORK/up.log" 2>&1 &
  for _ in $(seq 1 400); do
    grep -q "is running" "$WORK/up.log" 2>/dev/null && break
    grep -q "exited\|not ready\|failed" "$WORK/up.log" 2>/dev/null && { cat "$WORK/up.log" >&2; exit 1; }
    sleep 1
  done
  grep -q "is running" "$WORK/up.log" || { cat "$WORK/up.log" >&2; exit 1; }
  # shellcheck disable=SC1091
  STUB=$(. "$STUDIO_HOME/devstack.env"; echo "$STUDIO_OPENAI_STUB_URL" | sed 's#/v1$##')
  TOKEN=$(./studio token --vendor "bench-$(date +%s%N)")
  idle 8084
}

# bench_fleet WORKERS KEY=VALUE...: bench_up with these settings and, for 2, a second worker replica
# with the same settings; PORTS holds the workers' ports; returns once the fleet is idle.
bench_fleet() {
  local workers="$1" port
  shift
  bench_up "$@"
  PORTS=(8084)
  if [ "$workers" = 2 ]; then
    read -r _ port < <(env "$@" ./studio worker second 2>/dev/null)
    PORTS+=("$port")
    # the group has settled once a small batch was shared by both replicas
    local tries=0
    until [ "$(worker_results 8084)" -gt 0 ] && [ "$(worker_results "$port")" -gt 0 ]; do
      tries=$((tries + 1))
      [ $tries -le 5 ] || { echo "the two workers do not share the jobs" >&2; exit 1; }
      sleep 5
      wait_batch "$(post_batch 36)" > /dev/null
    done
  fi
  idle "${PORTS[@]}"
}

# worker_results PORT: the results that worker has published so far (completed and failed).
worker_results() {
  curl -s "http://127.0.0.1:$1/q/metrics" | awk '/^studio_worker_results_total\{outcome="(completed|failed)"/ {sum += $NF} END {printf "%d", sum}'
}

bench_down() {
  [ -f "$STUDIO_HOME/pids/studio-up.pid" ] && ./studio down > /dev/null 2>&1 || true
}

# stub PATH [JSON]: the stub's control API (behaviour, reset, stats).
stub() {
  if [ $# -gt 1 ]; then
    curl -sf -X POST -H 'Content-Type: application/json' "$STUB/__stub/$1" -d "$2"
  else
    curl -sf "$STUB/__stub/$1"
  fi
}

# idle PORT...: waits until these workers hold and run nothing for 3 s (the gallery previews of
# ./studio up included), so that a measurement starts from a quiet fleet.
idle() {
  local quiet=0 port busy
  while [ $quiet -lt 3 ]; do
    busy=0
    for port in "$@"; do
      curl -sf "http://127.0.0.1:$port/api/worker/status" -H "Authorization: Bearer $TOKEN" \
        | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["inFlight"] == 0 and s["finishing"] == 0 and sum(s["queued"].values()) == 0 else 1)' \
        || busy=1
    done
    if [ $busy = 0 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    sleep 1
  done
}

# post_batch N: a batch of N rows (its id on stdout), bulk priority not needed: the standard lane;
# its parameters are BATCH_PARAMETERS (JSON) when set.
post_batch() {
  local template
  template=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API/prompt-templates" \
    -d '{"name": "Bench '"$RANDOM"'", "category": "product", "promptText": "{product_name} cannabis flower, macro photography"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  python3 -c 'import json,sys,uuid
n=int(sys.argv[1]); run=uuid.uuid4().hex[:8]
print(json.dumps({"templateId": sys.argv[2], "parameters": json.loads(sys.argv[3]),
                  "rows": [{"product_name": "Bench %d %s" % (i, run)} for i in range(n)]}))' "$1" "$template" \
    "${BATCH_PARAMETERS:-{\"quality\": \"low\", \"size\": \"1024x1024\"\}}" > "$WORK/batch.json"
  curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API/generate/batch" -d @"$WORK/batch.json" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# wait_batch ID: until the batch has ended; prints its final counters.
wait_batch() {
  local status
  while :; do
    status=$(curl -sf -H "Authorization: Bearer $TOKEN" "$API/generate/batch/$1" \
      | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["status"], b["completedImages"], b["failedImages"])')
    case "$status" in completed*|failed*|cancelled*) echo "$status"; return ;; esac
    sleep 0.5
  done
}

now_ms() { date +%s%3N; }
