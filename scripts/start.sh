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
node dist/scripts/preflight.js
node dist/db/cli.js setup
exec concurrently --kill-others --names api,worker --prefix-colors blue,magenta \
  "node dist/apps/api/src/main.js" "node dist/apps/worker/src/main.js"
