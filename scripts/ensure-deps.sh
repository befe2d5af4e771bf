#!/usr/bin/env bash
# Installs dependencies when they are missing or older than package-lock.json. Runs on the
# machine's own npm; the project's Node (the pinned `node` devDependency) arrives with them.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kedai-installed
if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "kedai: installing dependencies…"
  # `npm install` honours package-lock.json. Not `npm ci`: npm 11 writes lock files without other
  # platforms' optional packages and then `npm ci` refuses them (npm/cli#4828, #8320).
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
