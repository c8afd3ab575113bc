// What the generic kernel needs from a machine beyond single HAL calls, as
// small interfaces, the way Tock composes a Chip from small traits: the timer,
// the interrupt controller, starting CPUs, paging and power. Each
// hal/<arch>/platform.ts implements them and builds one Platform, which its
// entry.ts hands to kernelMain; each kernel subsystem keeps only the part it
// uses (kernel/cpu/time.ts the timer, kernel/cpu/irq.ts the controller, ...).
import { BootInfo, CpuInfo } from "../boot/bootinfo";
import { PteFormat } from "../kernel/mm/pagetable";

// The per-CPU periodic timer interrupt, and the counter (cpu.cycles) the
// monotonic clock is read from.
export interface Timer {
  // Frequency of cpu.cycles() in Hz, 0 if it cannot be told.
  counterHz(): u64;
  // This CPU's timer interrupt every 1/hz s from now on.
  start(hz: u32): bool;
  // On each timer interrupt: re-arm or acknowledge it; the periods that passed.
  tick(): u32;
  // How long after its due time the last tick's handler started, in ns.
  lastTickLatencyNs(): u64;
  stop(): void;
}

// The device interrupt controller (I/O APIC, PLIC). An IRQ is the
// controller's input number: a GSI on x86_64, a source on riscv64.
export interface InterruptController {
  // Find the controller and mask every input; false if there is none.
  init(info: BootInfo): bool;
  // The log line: what was found, or why there are no device interrupts.
  summary(): string;
  enable(irq: u32): bool;
  disable(irq: u32): void;
  enabled(irq: u32): bool;
  // In the trap path: which IRQ is asking (`cause` is the x86_64 vector), or
  // NO_IRQ; then complete() with that same value, NO_IRQ included (x86_64
  // owes the local APIC an EOI for any vector it delivered).
  claim(cause: u32): u32;
  complete(irq: u32): void;
}

// Starting the other CPUs (kernel/cpu/smp.ts).
export interface CpuStarter {
  // The boot CPU's hardware id (APIC id, hart id), and what that id is called.
  bootCpuHwId(info: BootInfo): u32;
  readonly idName: string;
  // Once, before the first CPU starts, with the kernel's page-table root:
  // "" or why no other CPU can start.
  prepare(info: BootInfo, root: u64): string;
  // Start one CPU at `record` (from smp.cpuPrepare): "" or why it could not.
  start(cpu: CpuInfo, record: u64, info: BootInfo): string;
  // On each started CPU, before it runs threads.
  initCpu(): void;
}

// The translation mode and what physical memory the kernel must leave alone.
export interface Paging {
  // The page-table entry format of the mode in use.
  pteFormat(): PteFormat;
  // Physical memory below this is never handed out (the PC's first MiB).
  readonly lowMemoryReserve: u64;
}

export interface Power {
  // Stop the machine; under QEMU the exit status tells the harness `ok`.
  poweroff(ok: bool): void;
}

export class Platform {
  constructor(
    public arch: string,
    public paging: Paging,
    public timer: Timer,
    public interrupts: InterruptController,
    public cpus: CpuStarter,
    public power: Power,
    // The machine code of `return`, for the tests that execute a page.
    public returnInstruction: u32,
    // How cell memory is kept from the kernel's own accesses, for the log.
    public userMemoryGuard: string,
  ) {}
}
