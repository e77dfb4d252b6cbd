#!/usr/bin/env bash
# `npm run coverage`: lines and branches of common/, main/, preload/ and renderer/ over the unit,
# integration and end-to-end tests together, from a clean start. Not part of `npm test`.
set -euo pipefail
cd "$(dirname "$0")/../.."

rm -rf coverage
mkdir -p coverage/.v8
# AUDIAN_COVERAGE turns on the collectors (test/coverage) and the preview bridge's source map.
# NODE_V8_COVERAGE makes V8 count from each test process's first line.
export AUDIAN_COVERAGE=1
node_coverage="NODE_V8_COVERAGE=$PWD/coverage/.v8"

# Failing tests still leave their coverage; the run reports it and then fails.
status=0

# The end-to-end run needs the renderer with source maps, which the shipped build leaves out.
npx electron-vite build --sourcemap
env "$node_coverage" npx playwright test || status=$?

# The unit tests read the shipped build itself (test/unit/bundle-secrets.test.ts), and out/ is
# left as `npm run build` makes it.
npx electron-vite build
env "$node_coverage" bash test/with-secret-service.sh npx vitest run || status=$?

npx tsx test/coverage/report.ts
exit "$status"
