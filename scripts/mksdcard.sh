#!/bin/sh
# mksdcard.sh Image INITRD OUT.img: an SD-card image for U-Boot's standard boot (the
# VisionFive 2's SPI-flash U-Boot, or qemu-riscv64_smode/uboot.elf): an MBR with
# one bootable FAT partition holding extlinux/extlinux.conf (boot/loader/), the
# Image, the initrd and the boards' device trees (boot/dtbs/<vendor>/*.dtb, at
# dtbs/<vendor>/). Built without root: sfdisk on a sparse file, then mtools.
set -eu
image=$1 initrd=$2 out=$3
# mtools dates every file from SOURCE_DATE_EPOCH: two builds give the same image.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
rm -f "$out"
truncate -s 64M "$out"
printf 'label: dos\nlabel-id: 0x4e455855\nstart=2048, type=c, bootable\n' | sfdisk -q "$out"
fat="$out@@1M"
mformat -i "$fat" -F -N 4e455855 -v NEXUS ::
vendors=$(cd boot/dtbs && for d in */; do echo "${d%/}"; done)
mmd -i "$fat" ::/extlinux ::/dtbs $(for v in $vendors; do echo "::/dtbs/$v"; done)
mcopy -i "$fat" boot/loader/extlinux.conf ::/extlinux/extlinux.conf
mcopy -i "$fat" "$image" ::/Image
mcopy -i "$fat" "$initrd" ::/initrd.nxi
for v in $vendors; do
  mcopy -i "$fat" boot/dtbs/"$v"/*.dtb "::/dtbs/$v/"
done
