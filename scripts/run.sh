#!/bin/sh
# run.sh ARCH BUILD_DIR: boot the kernel in QEMU with the serial console on this
# terminal (Ctrl-A X quits). x86_64 boots nexus.iso (Limine if installed, else
# GRUB); riscv64 boots the Image through OpenSBI.
set -eu
arch=$1 build=$2
case "$arch" in
x86_64)
  echo "run: booting $build/nexus.iso (quit: Ctrl-A X)"
  exec qemu-system-x86_64 -M pc -m 256M -smp 2 -nographic -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -boot d -cdrom "$build/nexus.iso" ;;
riscv64)
  echo "run: booting $build/Image through OpenSBI (quit: Ctrl-A X)"
  exec qemu-system-riscv64 -M virt -m 256M -smp 2 -nographic -no-reboot \
    -bios default -kernel "$build/Image" -initrd "$build/initrd.nxi" ;;
esac
