#!/bin/sh
# Prints the folder holding Limine's data files (limine-bios.sys, BOOTX64.EFI,
# ...) if Limine is installed, else nothing. Looks at $LIMINE_DIR first, then
# the share folder beside a `limine` found on PATH. Never downloads anything.
has_files() { [ -f "$1/limine-bios.sys" ] || [ -f "$1/BOOTRISCV64.EFI" ]; }
if [ -n "${LIMINE_DIR:-}" ]; then
  for d in "$LIMINE_DIR" "$LIMINE_DIR/share/limine"; do
    if has_files "$d"; then echo "$d"; exit 0; fi
  done
  echo "find-limine: LIMINE_DIR=$LIMINE_DIR holds no Limine data files (limine-bios.sys, BOOT*.EFI)" >&2
  exit 1
fi
bin=$(command -v limine 2>/dev/null) || exit 0
prefix=$(dirname "$(dirname "$bin")")
for d in "$prefix/share/limine" /usr/local/share/limine /usr/share/limine; do
  if has_files "$d"; then echo "$d"; exit 0; fi
done
exit 0
