#!/bin/sh
# mkiso-grub.sh KERNEL.elf INITRD OUT.iso: a BIOS+UEFI GRUB rescue ISO booting
# KERNEL through multiboot2, with INITRD as its module. Only the modules needed are installed, to stay small.
set -eu
kernel=$1 initrd=$2 out=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/grub"
cp "$kernel" "$root/boot/kernel.elf"
cp "$initrd" "$root/boot/initrd.nxi"
cp boot/loader/grub.cfg "$root/boot/grub/grub.cfg"
# Two builds of one commit give the same ISO: xorriso takes its dates from
# SOURCE_DATE_EPOCH and -volume_date, but grub-mkrescue reads the clock itself
# (the volume UUID it also writes into GRUB's core image, the EFI image's FAT
# dates), so it runs under a frozen clock (faketime).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export TZ=UTC
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
faketime -f "$(date -u -d "@$SOURCE_DATE_EPOCH" '+%Y-%m-%d %H:%M:%S')" \
  grub-mkrescue -o "$out" --compress=xz --locales= --fonts= --themes= \
  --install-modules="multiboot2 normal iso9660 part_msdos part_gpt all_video serial terminal" \
  "$root" -- -volume_date all_file_dates "=$SOURCE_DATE_EPOCH" >/dev/null 2>"$root.log" || { cat "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
