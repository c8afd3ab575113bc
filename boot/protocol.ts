// Which boot protocol handed the machine over: each boot stub
// (boot/<arch>/*.S) passes one of these to hal_boot (hal/common/boot.c), and
// the architecture's entry (hal/<arch>/entry.ts) reads the loader's record
// accordingly. The stubs include the C names the build generates from here.
export const BOOT_LIMINE: u32 = 1;
export const BOOT_MULTIBOOT2: u32 = 2;
export const BOOT_PVH: u32 = 3;
export const BOOT_LINUX_IMAGE: u32 = 4;
