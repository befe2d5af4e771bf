#!/usr/bin/env bash
# A scripted check (issue 13, item 7): killing `npm start` stops the API and the worker with it.
# Runs `npm start` on a scratch database, Redis prefix and free ports, waits until the API is
# ready, sends SIGTERM to npm's own process only (as `kill <pid>` does), or SIGINT to its whole
# process group (as Ctrl-C in a terminal does), then checks that every process it had started is
# gone within 30 s.
#   bash scripts/check-start-stops.sh [TERM|INT]
set -euo pipefail
cd "$(dirname "$0")/.."
signal="${1:-TERM}"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
db="kedai_stopcheck_$$"
export PORT="$port" HOST=127.0.0.1 METRICS_PORT=0 DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
export REDIS_KEY_PREFIX="stopcheck$$" QUEUE_PREFIX="{stopcheck$$}" DEV_CODES_FILE="/tmp/stopcheck-$$.jsonl"
log="/tmp/stopcheck-$$.log"

descendants() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; descendants "$p"; done; }
cleanup() {
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
  redis-cli --scan --pattern "*stopcheck$$*" 2>/dev/null | xargs -r redis-cli del >/dev/null 2>&1 || true
  rm -f "$DEV_CODES_FILE"
}
trap cleanup EXIT

setsid npm start >"$log" 2>&1 &
npm_pid=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$npm_pid" 2>/dev/null || { echo "check: npm start exited early"; tail -20 "$log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "check: the API never got ready"; tail -20 "$log"; exit 1; }
started=$(descendants "$npm_pid" | sort -u | tr '\n' ' ')
echo "check: npm start (pid $npm_pid) is serving on :$port with processes: $started"
if [ "$signal" = INT ]; then
  echo "check: sending SIGINT to npm's process group, as Ctrl-C does"
  kill -INT -- "-$npm_pid"
else
  echo "check: sending SIG$signal to npm only"
  kill "-$signal" "$npm_pid"
fi
for _ in $(seq 1 60); do
  alive=""
  for p in $npm_pid $started; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
  [ -z "$alive" ] && break
  sleep 0.5
done
if [ -n "$alive" ]; then
  echo "check: FAILED, still running after 30 s:$alive"
  ps -o pid,args -p "$(echo $alive | tr " " ",")" || true
  kill -9 $alive 2>/dev/null || true
  exit 1
fi
echo "check: OK, npm and all of ($started) stopped after SIG$signal"
