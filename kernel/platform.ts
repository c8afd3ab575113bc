// What the generic kernel needs from the architecture that is more than a
// single HAL call: each hal/<arch>/platform.ts extends this class, and its
// entry.ts hands an instance to kernelMain.
import { BootInfo, CpuInfo } from "../boot/bootinfo";
import { PteFormat } from "./mm/pagetable";

export abstract class Platform {
  abstract get arch(): string;
  // Stop the machine; under QEMU the exit status tells the harness `ok`.
  abstract poweroff(ok: bool, info: BootInfo): void;
  // Physical memory below this is never handed out (the PC's first MiB).
  abstract get lowMemoryReserve(): u64;
  // The page-table entry format of the translation mode in use.
  abstract pteFormat(): PteFormat;
  // The machine code of `return` (for tests that execute a page).
  abstract get returnInstruction(): u32;
  // Frequency of hal.cycles() in Hz (0 if it cannot be told).
  abstract counterHz(): u64;
  // A periodic timer interrupt at `hz`; timerTick is called on each one
  // (to re-arm or acknowledge it) and returns the periods that have passed.
  abstract startTimer(hz: u32): bool;
  abstract timerTick(): u32;
  // How long after its due time the last tick's handler started, in ns.
  abstract lastTickLatencyNs(): u64;
  abstract stopTimer(): void;

  // Several CPUs (kernel/smp.ts). The boot CPU's hardware id (APIC id, hart).
  abstract bootCpuHwId(info: BootInfo): u32;
  // What the hardware id is called in messages.
  abstract get cpuIdName(): string;
  // Once, before the first secondary CPU starts, with the kernel's page-table
  // root: "" or why no secondary CPU can start.
  abstract prepareSmp(info: BootInfo, root: u64): string;
  // Start one CPU at `record` (from hal.cpuPrepare): "" or why it could not.
  abstract startCpu(cpu: CpuInfo, record: u64, info: BootInfo): string;
  // On each secondary CPU, before it runs threads.
  abstract initCpu(): void;

  // Device interrupts (kernel/irq.ts). An IRQ is the controller's input
  // number: a GSI on x86_64 (I/O APIC), a source on riscv64 (PLIC).
  // irqInit finds the controller and masks every input; irqSummary is the
  // log line: what was found, or why there are no device interrupts.
  abstract irqInit(info: BootInfo): bool;
  abstract irqSummary(): string;
  abstract irqEnable(irq: u32): bool;
  abstract irqDisable(irq: u32): void;
  abstract irqEnabled(irq: u32): bool;
  // In the trap path: which IRQ is asking (`cause` is the x86_64 vector), or
  // NO_IRQ; then irqComplete with that same value, NO_IRQ included (x86_64
  // owes the local APIC an EOI for any vector it delivered).
  abstract irqClaim(cause: u32): u32;
  abstract irqComplete(irq: u32): void;
}
