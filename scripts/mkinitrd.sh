#!/bin/sh
# mkinitrd.sh KEY VERSION OUT.nxi [--bundles DIR] FILE...: the boot module.
# Each FILE becomes a signed bundle (kind file, any arch, named after the
# file), kept in DIR if given, and the initrd lists them in a manifest signed
# with KEY at VERSION (docs/formats.md).
set -eu
key=$1 version=$2 out=$3
shift 3
nexus() { node --import tsx scripts/nexus.ts "$@"; }
if [ "${1:-}" = --bundles ]; then
  dir=$2
  shift 2
  rm -rf "$dir"
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
for f in "$@"; do
  cid=$(nexus pack "$f" --name "$(basename "$f")" --kind file --arch any -o "$dir" | tail -n 1)
  nexus sign "$dir/$cid.nxb" --key "$key" >/dev/null
done
nexus initrd --dir "$dir" --key "$key" --version "$version" -o "$out" >/dev/null
