#!/bin/sh
# Symbol table for panic backtraces, as assembly for the .ksyms section.
#   gen-ksyms.sh ELF            table of ELF's function symbols, sorted
#   gen-ksyms.sh /dev/null      an empty table (first link)
#   gen-ksyms.sh --compare A B  fail if a function moved between the two links
# wasm2c 1.0.32 names a TS function w2c_<file path>_<name> with every
# non-identifier character as '_'; print it without the prefix, and the
# AssemblyScript library's "~lib/" as "lib/": kernel_main_kernelMain.
set -eu
syms() { llvm-nm --defined-only -n "$1" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\.L/ { print $1, $3 }'; }

if [ "$1" = "--compare" ]; then
  if [ "$(syms "$2")" != "$(syms "$3")" ]; then
    echo "gen-ksyms: function addresses differ between the two links; the .ksyms section must stay after all code" >&2
    exit 1
  fi
  exit 0
fi

echo '  .section .ksyms, "a"'
echo '  .balign 8'
echo '  .globl ksyms, ksyms_count, ksyms_names'
if [ "$1" = /dev/null ]; then
  printf 'ksyms_count:\n  .quad 0\nksyms:\nksyms_names:\n  .byte 0\n'
  exit 0
fi
syms "$1" | awk '
  { addr[NR] = $1; name = $2
    if (name ~ /^w2c__lib_/) name = "lib_" substr(name, 10)
    else if (name ~ /^w2c_/) name = substr(name, 5)
    names[NR] = name }
  END {
    printf "ksyms_count:\n  .quad %d\nksyms:\n", NR
    off = 0
    for (i = 1; i <= NR; i++) { printf "  .quad 0x%s\n  .long %d, 0\n", addr[i], off; off += length(names[i]) + 1 }
    print "ksyms_names:"
    for (i = 1; i <= NR; i++) printf "  .asciz \"%s\"\n", names[i]
  }'
