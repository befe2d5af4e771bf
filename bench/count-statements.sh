#!/usr/bin/env bash
# Statements per operation of a scenario, counted by PostgreSQL itself: two runs with one client
# and log_statement=all on the bench's own database, a short and a long one; the difference in
# statements over the difference in operations is the cost of one operation (set-up, migrations
# and warm-up cancel out). Needs read access to the server's log (LOG, default Debian's).
#   bash bench/count-statements.sh checkout   # after npm run build
set -euo pipefail
scenario=${1:?usage: count-statements.sh <chat|checkout|pay|p2p|support>}
LOG=${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}
name=${BENCH_NAME:-kedai_stmt}
# One statement per operation that names it: what the log's statements are counted against.
case $scenario in
  chat) op='insert into "?message"? ' ;;
  checkout) op='insert into "?shop_order"? ' ;;
  pay) op='insert into "?ledger_transaction"? ' ;;
  p2p) op='insert into "?transfer"? ' ;;
  support) op='insert into "?support_answer"? ' ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
run() { # seconds -> "operations statements"
  local start
  start=$(stat -c %s "$LOG")
  BENCH_NAME=$name BENCH_CONNECTIONS=1 BENCH_CHAT_RATE=20 BENCH_CHECKOUT_HOT=0 BENCH_WARMUP_S=0 BENCH_BASELINE_S=0 \
    BENCH_DURATION_S=$1 PGOPTIONS="-c log_statement=all" node "${DIST:-dist}/bench/run.js" "$scenario" >/dev/null 2>&1 || true
  # A statement may span lines; a record starts with the log line prefix's timestamp.
  tail -c +"$((start + 1))" "$LOG" | awk -v db="@$name LOG:  " -v op="$op" '
    function done() { if (rec != "") { n++; if (tolower(rec) ~ op) k++ } rec = "" }
    /^[0-9]{4}-[0-9]{2}-[0-9]{2} / { done(); if (index($0, db) && ($0 ~ /LOG:  (statement|execute)/)) rec = $0; next }
    { if (rec != "") rec = rec " " $0 }
    END { done(); print k + 0, n + 0 }' >"$tmp"
  cat "$tmp"
}
read -r ops1 st1 < <(run 3)
read -r ops2 st2 < <(run 9)
awk -v a="$ops1" -v b="$st1" -v c="$ops2" -v d="$st2" -v s="$scenario" \
  'BEGIN { printf "%s: %d ops / %d statements, then %d ops / %d statements: %.1f statements per op\n", s, a, b, c, d, (d - b) / (c - a) }'
