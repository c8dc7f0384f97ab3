#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests, docker-compose to
# validate docker-compose.yml, Pango for WeasyPrint's PDFs, poppler-utils and gettext.
# Installs only what is missing, and only where it can (as root with apt-get).
set -euo pipefail
packages=(chromium docker-compose libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils gettext fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]} (install them with apt-get as root)" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
