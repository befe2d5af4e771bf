#!/usr/bin/env bash
# Statements per operation of a scenario, counted by PostgreSQL itself: two runs with one client
# and log_statement=all on the bench's own database, a short and a long one; the difference in
# statements over the difference in operations is the cost of one operation (set-up, migrations
# and warm-up cancel out). Needs read access to the server's log (LOG, default Debian's).
#   bash bench/count-statements.sh checkout   # after npm run build
set -euo pipefail
scenario=${1:?usage: count-statements.sh <chat|checkout|pay|p2p>}
LOG=${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}
name=${BENCH_NAME:-kedai_stmt}
figure=${2:-}
case $scenario in
  chat) figure=${figure:-sent_per_s} ;;
  checkout) figure=${figure:-orders_per_s} ;;
  pay) figure=${figure:-payments_per_s} ;;
  p2p) figure=${figure:-transfers_per_s} ;;
esac
run() { # seconds -> "operations statements"
  local start lines ops rate
  start=$(stat -c %s "$LOG")
  out=$(BENCH_NAME=$name BENCH_CONNECTIONS=1 BENCH_CHAT_RATE=20 BENCH_CHECKOUT_HOT=0 BENCH_WARMUP_S=0 BENCH_BASELINE_S=0 \
    BENCH_DURATION_S=$1 PGOPTIONS="-c log_statement=all" node "${DIST:-dist}/bench/run.js" "$scenario" 2>/dev/null)
  rate=$(grep "\"figure\":\"$figure\"" <<<"$out" | sed 's/.*"value":\([0-9.]*\).*/\1/')
  ops=$(awk -v r="$rate" -v s="$1" 'BEGIN { printf "%d", r * s + 0.5 }')
  lines=$(tail -c +"$((start + 1))" "$LOG" | grep -c "@$name LOG:  \(statement\|execute\)" || true)
  echo "$ops $lines"
}
read -r ops1 st1 < <(run 3)
read -r ops2 st2 < <(run 9)
awk -v a="$ops1" -v b="$st1" -v c="$ops2" -v d="$st2" -v s="$scenario" \
  'BEGIN { printf "%s: %d ops / %d statements, then %d ops / %d statements: %.1f statements per op\n", s, a, b, c, d, (d - b) / (c - a) }'
