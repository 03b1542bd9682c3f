#!/usr/bin/env bash
# Installs Debian's Chromium for the console's end-to-end tests when it is missing
# (idempotent: quick no-op when /usr/bin/chromium exists). Needs root or passwordless sudo.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$bin" ] && exit 0
echo "installing chromium (apt)..." >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq chromium >&2
[ -x "$bin" ] || { echo "chromium still missing at $bin" >&2; exit 1; }
