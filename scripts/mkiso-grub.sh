#!/bin/sh
# mkiso-grub.sh KERNEL.elf OUT.iso: a BIOS+UEFI GRUB rescue ISO booting KERNEL
# through multiboot2. Only the modules needed are installed, to stay small.
set -eu
kernel=$1 out=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
cp "$kernel" "$root/boot/kernel.elf"
cp boot/grub.cfg "$root/boot/grub/grub.cfg"
# Fixed timestamps so two builds of one commit give the same ISO.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
grub-mkrescue -o "$out" --compress=xz --locales= --fonts= --themes= \
  --install-modules="multiboot2 normal iso9660 part_msdos part_gpt all_video serial terminal" \
  "$root" >/dev/null 2>"$root.log" || { cat "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
