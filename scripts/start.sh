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
# The API runs with an 8 MB young generation: Node 24's default grows it to tens of MB under load,
# which is most of the API's resident memory and buys little speed (see bench/README.md).
exec concurrently --kill-others --names api,worker --prefix-colors blue,magenta \
  "node --max-semi-space-size=8 dist/apps/api/src/main.js" "node dist/apps/worker/src/main.js"
