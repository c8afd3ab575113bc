// The HAL's MMU imports (module "mmu"; hal/<arch>/cpu.c, hal/common/smp.c,
// hal/common/probe.c): which page tables are in use, TLB flushes, and probes
// that touch an address and report a fault instead of panicking (the kernel's
// own address-space tests use them).
// Switch to the page tables rooted at physical `root` (flushes the TLB).
@external("mmu", "set_page_table") export declare function setPageTable(root: u64): void;
@external("mmu", "flush_tlb") export declare function flushTlb(va: u64): void;
// After changing the entries of `pages` pages from `va`: flush them here and
// on every other CPU (one round of IPIs).
@external("mmu", "tlb_shootdown") export declare function tlbShootdown(va: u64, pages: u32): void;
// Virtual address bits of the translation mode in use: 48 (x86_64 4-level,
// Sv48) or 39 (Sv39).
@external("mmu", "address_bits") export declare function addressBits(): u32;
// Touch `addr`: 1 if that faulted (probeFaultAddress() says where), else 0.
@external("mmu", "probe_read") export declare function probeRead(addr: u64): u32;
@external("mmu", "probe_write") export declare function probeWrite(addr: u64): u32;
@external("mmu", "probe_execute") export declare function probeExecute(addr: u64): u32;
@external("mmu", "probe_fault_address") export declare function probeFaultAddress(): u64;
