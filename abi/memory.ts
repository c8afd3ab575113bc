// A cell's address space (docs/syscalls.md): where the kernel loads its
// image and stack, and the area `map` may use, which the user runtime
// (cells/rt/start.c) starts with the wasm linear memory. A TS pointer p in a
// cell is the address LINEAR_BASE + p for the kernel.
export const PAGE_SIZE: u32 = 4096;
export const IMAGE_BASE: u64 = 0x40_0000;
export const IMAGE_END: u64 = 0x4000_0000;
export const STACK_TOP: u64 = 0x8000_0000;
export const STACK_PAGES: u64 = 64; // 256 KiB, the page below unmapped
export const MAP_BASE: u64 = 0x1_0000_0000;
export const MAP_END: u64 = 0x10_0000_0000;
export const LINEAR_BASE: u64 = MAP_BASE;
export const LINEAR_MAX_PAGES: u32 = 256; // wasm pages (16 MiB), whatever a module declares
