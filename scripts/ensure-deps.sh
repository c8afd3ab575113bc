#!/bin/sh
# Install what a fresh Debian 12 machine lacks for building, running and testing
# Nexus: Debian packages through apt-get, and node_modules through npm ci.
# faketime keeps the GRUB ISO reproducible; b3sum and libsodium-dev are only
# for `make bench` (the native reference figures).
# Says what it installs; does nothing when everything is present.
set -eu
PACKAGES="clang lld llvm wabt qemu-system-x86 qemu-system-misc qemu-utils grub-pc-bin
grub-efi-amd64-bin grub-common xorriso mtools fdisk ovmf u-boot-qemu opensbi
device-tree-compiler faketime b3sum libsodium-dev"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "ensure-deps: installing Debian packages:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing >/dev/null
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
