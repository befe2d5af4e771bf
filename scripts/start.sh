#!/usr/bin/env bash
# `npm start`: install, build, check services, create + migrate + seed the database, then run the
# API and the worker together until Ctrl-C / SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
echo "kedai: Node $(node -v), the project's own (the pinned \`node\` devDependency)"
echo "kedai: building…"
nest build
# The web app (shopper chat, merchant console, agent inbox) and GraphiQL, served by the API at `/`.
vite build apps/web --logLevel warn
node dist/scripts/preflight.js
node dist/db/cli.js setup
# API_PROCESSES API processes (default 1) sharing PORT and WORKER_PROCESSES workers (default 1),
# restarted when they die, stopped together on Ctrl-C / SIGTERM (scripts/processes.ts).
# npm does not pass a SIGTERM on to its script: the supervisor also stops when the shell npm
# started us with, or npm itself, is gone (Ctrl-C reaches every process of the group anyway).
KEDAI_STOP_WITH_PIDS="${KEDAI_STOP_WITH_PIDS:-$PPID,$( (ps -o ppid= -p "$PPID" 2>/dev/null || true) | tr -d ' ')}"
export KEDAI_STOP_WITH_PIDS
exec node dist/scripts/processes.js
