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
exec node dist/scripts/processes.js
