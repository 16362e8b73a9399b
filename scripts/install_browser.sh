#!/usr/bin/env bash
# The browser tests need Debian's Chromium and the Noto CJK fonts (Chinese renders as boxes without them).
set -eu
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
pkgs="chromium fonts-noto-cjk fonts-noto-color-emoji"
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
else
  echo "note: install $pkgs (Debian/Ubuntu) to run the browser tests; they are skipped without Chromium" >&2
fi
