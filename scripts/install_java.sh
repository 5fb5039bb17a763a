#!/usr/bin/env bash
# Install Debian's Java runtime for the Nu Html Checker (make html-valid), if it is missing.
# Usage: scripts/install_java.sh   (no options; needs root or sudo to install)
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,3s/^# //p' "$0"; exit 0;; esac
command -v java >/dev/null && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing a Java runtime from Debian's packages (once) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
else
  echo "The HTML check needs Java 17 or newer. Install it, then run make test again:" >&2
  echo "  sudo apt-get install default-jre-headless      (Debian/Ubuntu)" >&2
  exit 1
fi
