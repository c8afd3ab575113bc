#!/bin/sh
# mkiso-limine.sh ARCH KERNEL.elf INITRD OUT.iso LIMINE_DATA_DIR: a Limine ISO
# (x86_64: BIOS+UEFI hybrid; riscv64: UEFI) from an installed Limine. Nothing of
# Limine's is fetched or kept in this repository; it must be installed already.
set -eu
arch=$1 kernel=$2 initrd=$3 out=$4 limine=$5
[ -n "$limine" ] || { echo "mkiso-limine: Limine is not installed (set LIMINE_DIR or put limine on PATH)" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/boot/limine" "$root/EFI/BOOT"
cp "$kernel" "$root/boot/kernel.elf"
cp "$initrd" "$root/boot/initrd.nxi"
cp boot/loader/limine.conf "$root/boot/limine/limine.conf"
cp "$limine/limine-uefi-cd.bin" "$root/boot/limine/"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
if [ "$arch" = x86_64 ]; then
  cp "$limine/limine-bios.sys" "$limine/limine-bios-cd.bin" "$root/boot/limine/"
  cp "$limine/BOOTX64.EFI" "$root/EFI/BOOT/"
  find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  xorriso -as mkisofs -R -r -J -b boot/limine/limine-bios-cd.bin -no-emul-boot \
    -boot-load-size 4 -boot-info-table -hfsplus -apm-block-size 2048 \
    --efi-boot boot/limine/limine-uefi-cd.bin -efi-boot-part --efi-boot-image \
    --protective-msdos-label "$root" -o "$out" 2>"$root.log" || { cat "$root.log" >&2; exit 1; }
  limine_bin="$limine/limine"
  [ -x "$limine_bin" ] || limine_bin=$(command -v limine || echo "$limine/../../bin/limine")
  "$limine_bin" bios-install "$out" 2>"$root.log" >/dev/null || { cat "$root.log" >&2; exit 1; }
else
  cp "$limine/BOOTRISCV64.EFI" "$root/EFI/BOOT/"
  find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  xorriso -as mkisofs -R -r -J -hfsplus -apm-block-size 2048 \
    --efi-boot boot/limine/limine-uefi-cd.bin -efi-boot-part --efi-boot-image \
    --protective-msdos-label "$root" -o "$out" 2>"$root.log" || { cat "$root.log" >&2; exit 1; }
fi
rm -f "$root.log"
