#!/usr/bin/env bash
# Runs a command with a real Secret Service, for the keychain tests. On Linux each run gets its own
# D-Bus session and a throw-away gnome-keyring in a temporary folder, so the developer's own keyring
# is never touched.
set -euo pipefail

if [[ "$(uname -s)" == Linux ]] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  keyring_home="$(mktemp -d)"
  trap 'rm -rf "$keyring_home"' EXIT
  XDG_DATA_HOME="$keyring_home" AUDIAN_TEST_SECRET_SERVICE=1 dbus-run-session -- sh -c \
    'printf "\\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@"
else
  echo "No dbus-run-session/gnome-keyring here: keychain tests will say they are skipped."
  "$@"
fi
