#!/usr/bin/env bash
# The whole suite, as `npm test` and CI run it: every check must pass for the run to pass.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$1"; }

step "System packages (keychain and browser tests)"
bash test/system-packages.sh

# Keychain tests talk to a real Secret Service. On Linux each run gets its own D-Bus session and
# a throw-away gnome-keyring in a temporary folder, so the developer's own keyring is never touched.
with_secret_service() {
  if [[ "$(uname -s)" == Linux ]] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    local keyring_home
    keyring_home="$(mktemp -d)"
    trap 'rm -rf "$keyring_home"' RETURN
    XDG_DATA_HOME="$keyring_home" AUDIAN_TEST_SECRET_SERVICE=1 dbus-run-session -- sh -c \
      'printf "\\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@"
  else
    echo "No dbus-run-session/gnome-keyring here: keychain tests will say they are skipped."
    "$@"
  fi
}

step "Type check (node and web sides)"
npx tsc -b

step "Lint (including the layering rules)"
npx eslint --max-warnings 0 .

step "Format"
npx prettier --check .

step "Build"
npx electron-vite build

step "Electron security scan (electronegativity against docs/electronegativity-baseline.json)"
npx tsx test/security/electronegativity.ts

step "Unit and integration tests"
with_secret_service npx vitest run

step "End-to-end tests in Chromium"
npx playwright test
