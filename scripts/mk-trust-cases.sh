#!/bin/sh
# mk-trust-cases.sh KEY OUT_DIR FILE...: the initrds the QEMU trust cases boot
# (tests/qemu/cases.ts): good.nxi, and one per way of being bad (flipped,
# unknown-key, unsigned, truncated, rollback), from FILE... packed and signed
# with KEY. The untrusted key is made here, for these tests only.
set -eu
key=$1 out=$2
shift 2
mkdir -p "$out"
node --import tsx scripts/mkinitrd.ts "$key" 1 "$out/good.nxi" --bundles "$out/bundles" "$@"
[ -f "$out/untrusted-key" ] || node --import tsx scripts/nexus.ts keygen --out "$out/untrusted-key" >/dev/null
node --import tsx scripts/mk-initrd-variants.ts "$out/bundles" "$key" "$out/untrusted-key" "$out" --version 1 --rollback-version 0 >/dev/null
