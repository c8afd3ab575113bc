#!/bin/sh
# check-cell.sh ARCH ELF CONSTANTS.H: what the kernel's ELF loader demands of
# a cell, checked when it is linked: ET_EXEC for ARCH; PT_LOAD segments inside
# the image area [IMAGE_BASE, IMAGE_END) of abi/memory.ts (read from the
# generated header), none writable and executable; the entry in an executable
# one; no PT_TLS, PT_INTERP, PT_DYNAMIC.
set -eu
arch=$1 elf=$2 constants=$3
fail() { echo "check-cell: $elf: $*" >&2; exit 1; }
constant() { v=$(sed -n "s/^#define $1 NX_U64(\(0x[0-9a-f]*\))\$/\1/p" "$constants"); [ -n "$v" ] || fail "$constants has no $1"; echo "$v"; }
lo=$(constant IMAGE_BASE) hi=$(constant IMAGE_END)
num() { # a hex field as a number, refused past 40 bits (sh arithmetic is signed 64-bit)
  h=${1#0x}
  h=${h#"${h%%[!0]*}"}
  [ ${#h} -le 10 ] || fail "$2 $1 lies outside the image area"
  echo $((0x${h:-0}))
}
case $arch in
  x86_64) machine=X86-64 ;;
  riscv64) machine=RISC-V ;;
  *) fail "unknown arch $arch" ;;
esac
hdr=$(readelf -hW "$elf")
echo "$hdr" | grep -q "Type: *EXEC " || fail "not a static executable (ET_EXEC)"
echo "$hdr" | grep "Machine:" | grep -q -- "$machine" || fail "not an ELF for $arch"
entry=$(num "$(echo "$hdr" | sed -n 's/.*Entry point address: *//p')" "entry point")
phdrs=$(readelf -lW "$elf")
if echo "$phdrs" | grep -Eq "^ +(TLS|INTERP|DYNAMIC) "; then fail "has a PT_TLS, PT_INTERP or PT_DYNAMIC segment"; fi
entry_ok=0
while read -r off vaddr pa filesz size rest; do
  flags=${rest% *} va=$(num "$vaddr" segment) memsz=$(num "$size" "segment size")
  case $flags in *W*E*) fail "segment at $vaddr is writable and executable" ;; esac
  [ "$va" -ge $((lo)) ] && [ $((va + memsz)) -le $((hi)) ] || fail "segment at $vaddr lies outside [$lo, $hi)"
  case $flags in *E*) [ "$entry" -ge "$va" ] && [ "$entry" -lt $((va + memsz)) ] && entry_ok=1 ;; esac
done <<END
$(echo "$phdrs" | sed -n 's/^ *LOAD *//p')
END
[ $entry_ok -eq 1 ] || fail "entry point $(printf 0x%x "$entry") is not in an executable segment"
