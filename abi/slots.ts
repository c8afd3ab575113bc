// Which capability sits in which slot when a cell starts (docs/cells.md).
// Every program gets the standard slots from whoever starts it (the shell,
// init): stdout and stdin (the console, or the ends of a pipe), then spawn,
// kinfo and initrd where it asked for them. init itself gets what the kernel
// mints at boot (kernel/cell/init.ts), in slots of its own.
export const STDOUT: u32 = 0;
export const STDIN: u32 = 1;
export const SPAWN: u32 = 2;
export const KINFO: u32 = 3;
export const INITRD: u32 = 4;
// ... and, for a driver init starts with `devices`, its device's registers
// and interrupt, in the same slots as init's.
export const DEVICE_MMIO: u32 = 5;
export const DEVICE_IRQ: u32 = 6;

export const INIT_CONSOLE: u32 = 0;
export const INIT_SPAWN: u32 = 1;
export const INIT_KINFO: u32 = 2;
export const INIT_INITRD: u32 = 3;
export const INIT_MMIO: u32 = 5;
export const INIT_IRQ: u32 = 6;
