#!/usr/bin/env bash
# The browser tests drive Debian's Chromium, and check a feed in newsboat (reading its cache with sqlite3); a
# fresh machine lacks them. Installs what is missing (as root, with apt-get), else says how.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v newsboat >/dev/null 2>&1 || missing+=(newsboat)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ "${#missing[@]}" = "0" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's ${missing[*]} for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "ensure-chromium: ${missing[*]} missing; install (sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH" >&2
exit 1
