#!/usr/bin/env bash
# What the tests need from the operating system, checked before `npm ci` (.ci/run) and before the
# suite (test/run-all.sh). On Debian/Ubuntu, missing packages are installed when that needs no
# prompt (root, or sudo without a password); otherwise it stops at once with the command to run.
# Elsewhere it says what the keychain and browser tests need and goes on.
#
# Only shell builtins and the package tools are used, so a test can stand in for those tools.
set -euo pipefail

# libsecret-1-dev: keytar builds against it; gnome-keyring, dbus, dbus-x11: a throw-away Secret
# Service for the keychain tests; chromium: the end-to-end tests.
packages=(libsecret-1-dev gnome-keyring dbus dbus-x11 chromium)

system="$(uname -s)"
if [[ "$system" != Linux ]] || ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  printf '%s\n' \
    "System packages: not a Debian/Ubuntu system ($system), so nothing is installed. The tests need:" \
    "  - the keychain tests: a Secret Service (gnome-keyring and dbus-run-session, Linux only); elsewhere they are skipped and say why;" \
    "  - the end-to-end tests: a Chromium or Chrome; set CHROMIUM_PATH to its executable (default /usr/bin/chromium);" \
    "  - on Linux, the libsecret development files, for npm ci to build keytar."
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if [[ "$package" == chromium && -n "${CHROMIUM_PATH:-}" && -x "$CHROMIUM_PATH" ]]; then continue; fi
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0

# No debconf question may wait for an answer: CI has no terminal, and neither may a developer's run.
export DEBIAN_FRONTEND=noninteractive
if [[ "$(id -u)" == 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true </dev/null 2>/dev/null; then
  as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
  printf '%s\n' \
    "Missing system packages: ${missing[*]}." \
    "Installing them needs root. Run this, then run the command again:" \
    "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "Installing missing system packages: ${missing[*]}"
if ! "${as_root[@]}" apt-get update </dev/null || ! "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" </dev/null; then
  printf '%s\n' "Installing ${missing[*]} failed (apt-get's message is above)." >&2
  exit 1
fi
