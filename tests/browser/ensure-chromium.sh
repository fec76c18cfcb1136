#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; a fresh machine lacks it. Installs it when missing (as root,
# with apt-get), else says how.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "ensure-chromium: $CHROMIUM is missing; install it (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
