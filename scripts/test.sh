#!/usr/bin/env bash
# `npm test`: install if needed, check PostgreSQL and Redis, then run unit and end-to-end tests.
# The e2e harness creates its own databases (a migrated template, cloned per test file).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
# The browser tests (test/web) drive the built web app and GraphiQL; its component tests run on Vitest.
vite build apps/web --logLevel warn
vitest run --root apps/web --passWithNoTests
# Jest loads MikroORM 7 (ESM only) through require(esm), which needs vm modules in Node 24.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
# --forceExit: a suite whose app fails to boot can leave connections open; never let that hang CI.
exec jest --forceExit "$@"
