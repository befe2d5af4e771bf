#!/usr/bin/env bash
# Installs dependencies when they are missing or older than package-lock.json. Runs on the
# machine's own npm; the project's Node (the pinned `node` devDependency) arrives with them.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kedai-installed
if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "kedai: installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
