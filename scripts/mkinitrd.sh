#!/bin/sh
# mkinitrd.sh KEY VERSION OUT.nxi [--bundles DIR] [--arch ARCH] [--cell NAME=ELF]... FILE...:
# the boot module. Each --cell ELF becomes a signed bundle of kind cell for
# ARCH named NAME, each FILE one of kind file, any arch, named after the file;
# the bundles are kept in DIR if given, and the initrd lists them in a
# manifest signed with KEY at VERSION (docs/formats.md).
set -eu
key=$1 version=$2 out=$3
shift 3
nexus() { node --import tsx scripts/nexus.ts "$@"; }
dir= arch= cells=
while [ $# -gt 0 ]; do
  case $1 in
    --bundles) dir=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --cell) cells="$cells $2"; shift 2 ;;
    -*) echo "mkinitrd: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ -n "$dir" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
bundle() { # PAYLOAD PACK-OPTION...: a signed bundle in $dir
  f=$1
  shift
  cid=$(nexus pack "$f" "$@" -o "$dir" | tail -n 1)
  nexus sign "$dir/$cid.nxb" --key "$key" >/dev/null
}
for c in $cells; do
  [ -n "$arch" ] || { echo "mkinitrd: --cell $c needs --arch" >&2; exit 2; }
  bundle "${c#*=}" --name "${c%%=*}" --kind cell --arch "$arch"
done
for f in "$@"; do
  bundle "$f" --name "$(basename "$f")" --kind file --arch any
done
nexus initrd --dir "$dir" --key "$key" --version "$version" -o "$out" >/dev/null
