#!/bin/sh
# The pipeline's output depends on exact tool versions (wasm2c's C most of all),
# so check them before building and say plainly what is wrong.
set -eu
fail=0
want() { # name, found version, wanted version, how to fix
  case "$2" in
    "$3"*) ;;
    *) echo "check-tools: $1 is '$2', Nexus needs $3 ($4)" >&2; fail=1 ;;
  esac
}
ver() { "$@" 2>/dev/null | head -n 1 || true; }

want wasm2c "$(ver wasm2c --version)" "1.0.32" "Debian 12 package wabt"
hdr=$(grep -c "wasm_rt_allocate_memory" /usr/include/wasm-rt.h 2>/dev/null || true)
[ "${hdr:-0}" -gt 0 ] || { echo "check-tools: /usr/include/wasm-rt.h is missing (package wabt)" >&2; fail=1; }
want clang "$(ver clang --version | sed -n 's/.*clang version \([0-9.]*\).*/\1/p')" "14." "Debian 12 package clang-14"
want ld.lld "$(ver ld.lld --version | sed -n 's/.*LLD \([0-9.]*\).*/\1/p')" "14." "Debian 12 package lld-14"
want llvm-objcopy "$(llvm-objcopy --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9.]*\).*/\1/p')" "14." "Debian 12 package llvm"
asc_ver=$(node -p 'require("./node_modules/assemblyscript/package.json").version' 2>/dev/null || echo missing)
want asc "$asc_ver" "0.28.20" "run npm ci"
pkg_ver=$(node -p 'require("./package.json").version')
kern_ver=$(sed -n 's/.*NEXUS_VERSION = "\(.*\)".*/\1/p' kernel/version.ts)
[ "$pkg_ver" = "$kern_ver" ] || { echo "check-tools: kernel/version.ts says $kern_ver, package.json $pkg_ver" >&2; fail=1; }
[ $fail -eq 0 ] || exit 1
echo "  TOOLS    wasm2c 1.0.32, clang/lld 14, asc $asc_ver"
