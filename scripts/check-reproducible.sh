#!/bin/sh
# check-reproducible.sh: build this tree a second time in another directory
# (so neither the path nor the time of day can leak in) with the same signing
# key, and check that the kernels, Images, cells, initrds (release and test)
# and boot images are bit-identical to the ones in build/. Run by make test
# after the main build.
set -eu
key=${NEXUS_SIGNING_KEY:-.nexus-dev-key}
copy=$(mktemp -d /tmp/nexus-rebuild.XXXXXX)
trap 'rm -rf "$copy"' EXIT
# Modification times are kept, so the copy's make finds its tools installed
# (ensure-deps.sh compares package-lock.json with node_modules). node_modules
# is hard-linked, never symlinked: an npm ci in the copy must not reach ours.
git ls-files -co --exclude-standard -z | xargs -0 cp -p --parents -t "$copy"
cp -al node_modules "$copy/node_modules"
case "$key" in
  /*) ;;
  *) cp -p --parents "$key" "$key.pub" "$copy/" ;;
esac
echo "  REBUILD  in $copy, to compare"
make -C "$copy" --no-print-directory -s test-flavour-x86_64 test-flavour-riscv64 >"$copy.log" 2>&1 || { cat "$copy.log" >&2; rm -f "$copy.log"; exit 1; }
rm -f "$copy.log"
fail=0 n=0
for f in x86_64/kernel.elf x86_64/initrd.nxi x86_64/nexus-grub.iso x86_64/nexus-limine.iso x86_64/test/initrd.nxi \
         riscv64/kernel.elf riscv64/Image riscv64/initrd.nxi riscv64/nexus-sd.img riscv64/nexus-limine.iso riscv64/test/initrd.nxi \
         $(cd build && ls x86_64/cells/*.elf riscv64/cells/*.elf 2>/dev/null); do
  [ -f "build/$f" ] || [ -f "$copy/build/$f" ] || continue
  n=$((n + 1))
  if cmp -s "build/$f" "$copy/build/$f"; then echo "  SAME     $f"; else echo "reproducible: build/$f differs between two builds" >&2; fail=1; fi
done
[ $fail -eq 0 ] || exit 1
echo "reproducible: $n images bit-identical across two builds"
