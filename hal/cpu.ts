// The HAL's CPU imports (module "cpu"; hal/<arch>/cpu.c, hal/common/smp.c):
// which CPU this is, its free-running counter, and the only ways it stops.
// This CPU's number: 0 the boot CPU, the others in the order they started.
@external("cpu", "index") export declare function cpuIndex(): u32;
// A free-running counter (TSC / time CSR); kernel/cpu/time.ts turns it into ns.
@external("cpu", "cycles") export declare function cycles(): u64;
// Wait for one interrupt with interrupts enabled, then disable them again:
// the only place the (non-preemptible) kernel takes interrupts. The big
// kernel lock is free while it waits.
@external("cpu", "wait_for_interrupt") export declare function waitForInterrupt(): void;
// Stop this CPU for good (hlt / wfi loop with interrupts off).
@external("cpu", "halt") export declare function halt(): void;
