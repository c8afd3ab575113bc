// The HAL's memory imports (module "memory", hal/common/memory.c): loads and
// stores of memory outside the TS linear memory (device registers, page
// tables, boot records, cell frames through the direct map), and copies
// between kernel virtual addresses and the linear memory. Addresses are
// kernel virtual addresses; TS adds BootInfo.hhdm to a physical one. On the
// host the tests provide the same imports over fake memory
// (tests/host/lib/fakehal.ts).
@external("memory", "load8") export declare function load8(addr: u64): u32;
@external("memory", "load16") export declare function load16(addr: u64): u32;
@external("memory", "load32") export declare function load32(addr: u64): u32;
@external("memory", "load64") export declare function load64(addr: u64): u64;
@external("memory", "store8") export declare function store8(addr: u64, v: u32): void;
@external("memory", "store16") export declare function store16(addr: u64, v: u32): void;
@external("memory", "store32") export declare function store32(addr: u64, v: u32): void;
@external("memory", "store64") export declare function store64(addr: u64, v: u64): void;

// len bytes between kernel virtual addresses (overlap allowed), and filled.
@external("memory", "copy") export declare function copyBytes(dst: u64, src: u64, len: u64): void;
@external("memory", "fill") export declare function fillBytes(dst: u64, v: u32, len: u64): void;
// len bytes from a kernel virtual address into the linear memory at dst, and
// out of the linear memory at src to a kernel virtual address. A range
// outside the linear memory is a kernel bug: the C side panics.
@external("memory", "copy_in") export declare function copyIn(dst: usize, src: u64, len: u32): void;
@external("memory", "copy_out") export declare function copyOut(dst: u64, src: usize, len: u32): void;
