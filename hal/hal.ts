// The one interface every architecture implements. The TS kernel reaches memory
// outside its own linear memory, I/O ports, firmware and the CPU only through
// these imports; hal/<arch>/*.c provides them on the target, and the host tests
// provide them in JS over fake memory (tests/host/lib/fakehal.ts).
//
// Addresses are kernel virtual addresses (the higher-half direct map or the
// kernel image); TS adds BootInfo.hhdm to a physical address before use.

@external("hal", "load8") export declare function load8(addr: u64): u32;
@external("hal", "load16") export declare function load16(addr: u64): u32;
@external("hal", "load32") export declare function load32(addr: u64): u32;
@external("hal", "load64") export declare function load64(addr: u64): u64;
@external("hal", "store8") export declare function store8(addr: u64, v: u32): void;
@external("hal", "store16") export declare function store16(addr: u64, v: u32): void;
@external("hal", "store32") export declare function store32(addr: u64, v: u32): void;
@external("hal", "store64") export declare function store64(addr: u64, v: u64): void;

// x86 port I/O (the riscv64 HAL panics if these are called).
@external("hal", "port_in8") export declare function portIn8(port: u32): u32;
@external("hal", "port_out8") export declare function portOut8(port: u32, v: u32): void;
@external("hal", "port_out32") export declare function portOut32(port: u32, v: u32): void;

// RISC-V SBI ecall: returns the SBI error (a0); the value (a1) via sbiValue().
@external("hal", "sbi_call") export declare function sbiCall(ext: u32, fid: u32, a0: u64, a1: u64, a2: u64): i64;
@external("hal", "sbi_value") export declare function sbiValue(): u64;

// Tell the C panic path which UART to use (kinds in drivers/uart.ts; base is
// the virtual address for MMIO UARTs, the port number for UART_PIO_16550).
@external("hal", "panic_console") export declare function panicConsole(kind: u32, base: u64, regShift: u32, regWidth: u32): void;

// A free-running counter (TSC / time CSR) for coarse timing.
@external("hal", "cycles") export declare function cycles(): u64;

// Deliberate CPU faults, for the panic ktests: 0 = null read, 1 = illegal
// instruction, 2 = null write, 3 = kernel stack overflow, 4 = a write to the
// guard page under the TS linear memory.
@external("hal", "fault") export declare function fault(kind: u32): void;

// Stop the CPU for good (hlt / wfi loop with interrupts off).
@external("hal", "halt") export declare function halt(): void;

// riscv64: the sifive_test device's virtual address, so the C panic path can
// exit QEMU with a failure status (no-op on x86_64, which uses isa-debug-exit).
@external("hal", "set_poweroff") export declare function setPoweroff(addr: u64): void;

// The kernel image's layout (virtual addresses): 0 start, 1 end of text,
// 2 start of rodata, 3 start of data, 4 end of image, 5 the boot stack's guard
// page, 6 the guard page under the linear memory, 7 end of rodata.
@external("hal", "kernel_layout") export declare function kernelLayout(which: u32): u64;
// The pages of the kernel image its page tables leave unmapped (guards under
// the boot stack, the linear memory and each CPU's exception stack), from
// i = 0 until it returns 0.
@external("hal", "guard_page") export declare function guardPage(i: u32): u64;
// Copy `len` bytes from kernel virtual address `src` (a boot module) into the
// linear memory at `dst`.
@external("hal", "copy_in") export declare function copyIn(dst: usize, src: u64, len: u32): void;
// The Ed25519 public keys the build trusts (hal/common/trust.c, generated from
// the signing key): copies key i (32 bytes) to `dst` and returns 1, or returns
// 0 past the last. initrdMinVersion: the lowest initrd manifest version the
// kernel accepts (no rollback).
@external("hal", "trusted_key") export declare function trustedKey(i: u32, dst: usize): u32;
@external("hal", "initrd_min_version") export declare function initrdMinVersion(): u64;
// Switch to the page tables rooted at physical `root` (flushes the TLB).
@external("hal", "set_page_table") export declare function setPageTable(root: u64): void;
@external("hal", "flush_tlb") export declare function flushTlb(va: u64): void;
// Touch `addr` (0 read, 1 write, 2 execute) and report whether it faulted
// (1) instead of panicking; probeFaultAddress() then tells where.
@external("hal", "probe") export declare function probe(kind: u32, addr: u64): u32;
@external("hal", "probe_fault_address") export declare function probeFaultAddress(): u64;
// Virtual address bits of the translation mode in use: 48 (x86_64 4-level,
// Sv48) or 39 (Sv39).
@external("hal", "paging_mode") export declare function pagingMode(): u32;
// Wait for one interrupt with interrupts enabled, then disable them again:
// the only place the (non-preemptible) kernel takes interrupts.
@external("hal", "wait_for_interrupt") export declare function waitForInterrupt(): void;

// Kernel threads: lay out a new thread's stack (it starts in the entry
// module's threadMain(id)), and switch from one thread's stack to another's.
@external("hal", "thread_prepare") export declare function threadPrepare(id: u32, stackTop: u64): void;
@external("hal", "thread_switch") export declare function threadSwitch(from: u32, to: u32): void;

// Several CPUs (hal/common/smp.c). cpuIndex: this CPU's number (0 = the boot
// CPU). cpuPrepare fills CPU `index`'s record for its start (its first stack,
// the page tables in use now) and returns the record's virtual address, which
// the start path hands to the CPU; cpuArrived tells whether it reached C.
@external("hal", "cpu_index") export declare function cpuIndex(): u32;
@external("hal", "cpu_prepare") export declare function cpuPrepare(index: u32, hwId: u32, stackTop: u64, shadowTop: u32): u64;
@external("hal", "cpu_arrived") export declare function cpuArrived(index: u32): u32;
// The TS shadow-stack pointer CPU `index` left when it last let the kernel
// lock go (for the collector's roots).
@external("hal", "cpu_shadow_sp") export declare function cpuShadowSp(index: u32): u32;
@external("hal", "cpu_set_hw_id") export declare function cpuSetHwId(index: u32, hwId: u32): void;
// x86_64: the local APIC's virtual address, for IPIs; unused on riscv64.
@external("hal", "smp_init") export declare function smpInit(arg: u64): void;
// Secondary-CPU entry points: 0 Limine's goto_address target; x86_64 1
// ap_entry64, 2 and 3 the real-mode trampoline's start and end; riscv64 1
// the SBI HSM entry (give its physical address).
@external("hal", "smp_entry") export declare function smpEntry(which: u32): u64;
// Interrupt CPU `index` out of its halt (it found nothing to run before).
@external("hal", "send_wake") export declare function sendWake(index: u32): void;
// Let CPUs waiting for the big kernel lock run before this one goes on.
@external("hal", "bkl_relax") export declare function bklRelax(): void;
// After changing the entries of `pages` pages from `va`: flush them here and
// on every other CPU (one round of IPIs).
@external("hal", "tlb_shootdown") export declare function tlbShootdown(va: u64, pages: u32): void;

// The TS linear memory (hal/common/wasm_rt.c): 0 its virtual address, 1 its
// size now, 2 the bytes of it inside the kernel image, 3 its largest size.
@external("hal", "linear_memory") export declare function linearMemory(which: u32): u64;
// The kernel's page tables and page-fault handler are in place: the linear
// memory may grow past its initial pages from now on.
@external("hal", "heap_growable") export declare function heapGrowable(): void;

// Cells (user mode: hal/<arch>/user.c). A cell runs on a kernel thread whose
// stack top holds its context. userContextInit sets its first pc and sp;
// runUser runs it until it traps and returns why (kernel/cell/trap.ts: 0
// system call, 1 interrupt, 2 page fault, ...), with the kernel lock held
// again; userFault says more about that trap (0 pc, 1 address, 2 access: 0
// read 1 write 2 fetch, 3 the architecture's code). userArg: 0 the call
// number, 1-6 the arguments; userResult sets results 0-5.
@external("hal", "user_context_init") export declare function userContextInit(thread: u32, pc: u64, sp: u64): void;
@external("hal", "run_user") export declare function runUser(thread: u32): u32;
@external("hal", "user_fault") export declare function userFault(which: u32): u64;
@external("hal", "user_arg") export declare function userArg(thread: u32, i: u32): u64;
@external("hal", "user_result") export declare function userResult(thread: u32, i: u32, v: u64): void;
// Bit 0 SMEP, bit 1 SMAP (x86_64) turned on at boot.
@external("hal", "cpu_features") export declare function cpuFeatures(): u32;
// Copies between kernel virtual addresses, and out of the linear memory.
@external("hal", "copy_bytes") export declare function copyBytes(dst: u64, src: u64, len: u64): void;
@external("hal", "fill_bytes") export declare function fillBytes(dst: u64, v: u32, len: u64): void;
@external("hal", "copy_out") export declare function copyOut(dst: u64, src: usize, len: u32): void;
