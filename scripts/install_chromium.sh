#!/usr/bin/env bash
# Install Debian's Chromium and the fonts it draws with for the browser tests, if missing.
# Usage: scripts/install_chromium.sh   (no options; needs root or sudo to install)
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,3s/^# //p' "$0"; exit 0;; esac
# The fonts Chromium draws the pages with here (Material's stack falls back to
# Helvetica/Arial -> Liberation Sans, then DejaVu): the visual tests'
# reference screenshots (tests/test_visual.py) hold only with these.
packages=(chromium fonts-liberation fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages (once) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The browser tests need ${missing[*]}. Install them, then run make test again:" >&2
  echo "  sudo apt-get install ${missing[*]}      (Debian/Ubuntu)" >&2
  exit 1
fi
