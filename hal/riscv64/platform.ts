// riscv64 platform: power-off through the sifive_test device when the device
// tree has one (QEMU exits with status 0 for 0x5555, status N for
// 0x3333 | N << 16), else SBI system reset, else the legacy SBI shutdown.
import { Platform } from "../../kernel/platform";
import { BootInfo } from "../../kernel/bootinfo";
import { store32, sbiCall, halt, pagingMode, cycles } from "../hal";
import { PteFormat } from "../../kernel/pagetable";
import { RiscvPte } from "./paging";
import { Plic } from "../../drivers/plic";
import { NO_IRQ } from "../../kernel/irq";

const SBI_EXT_SRST: u32 = 0x53525354;
const SBI_LEGACY_SHUTDOWN: u32 = 8;
const SBI_EXT_TIME: u32 = 0x54494d45;
const SBI_LEGACY_SET_TIMER: u32 = 0;

// SBI TIME set_timer, or the legacy call where the TIME extension is missing.
function setTimer(at: u64): bool {
  if (sbiCall(SBI_EXT_TIME, 0, at, 0, 0) == 0) return true;
  sbiCall(SBI_LEGACY_SET_TIMER, 0, at, 0, 0);
  return true;
}

export class RiscvPlatform extends Platform {
  get arch(): string { return "riscv64"; }
  get lowMemoryReserve(): u64 { return 0; }
  pteFormat(): PteFormat { return new RiscvPte(<i32>pagingMode()); }
  get returnInstruction(): u32 { return 0x00008067; } // jalr x0, 0(ra)

  timebaseHz: u64 = 0;
  private period: u64 = 0;
  private deadline: u64 = 0;
  counterHz(): u64 { return this.timebaseHz; }
  startTimer(hz: u32): bool {
    if (this.timebaseHz == 0 || hz == 0) return false;
    this.period = this.timebaseHz / hz;
    this.deadline = cycles() + this.period;
    return setTimer(this.deadline);
  }
  // Re-arming also clears the pending interrupt. Deadlines follow each other,
  // not the handler's lateness, so the period does not drift; periods missed
  // while the CPU was away are counted, not lost.
  private latency: u64 = 0;
  lastTickLatencyNs(): u64 { return this.latency * 1_000_000_000 / this.timebaseHz; }
  timerTick(): u32 {
    const now = cycles();
    this.latency = now - this.deadline;
    let passed: u32 = 0;
    while (this.deadline <= now) {
      this.deadline += this.period;
      passed++;
    }
    setTimer(this.deadline);
    return passed > 0 ? passed : 1;
  }
  stopTimer(): void { setTimer(U64.MAX_VALUE); }

  // The PLIC, from the device tree (boot/riscv64.ts); device interrupts go to
  // the boot hart's supervisor context only.
  plic: Plic | null = null;
  private irqWhy: string = "";
  irqInit(info: BootInfo): bool {
    const p = info.plic;
    if (p.error.length > 0) { this.irqWhy = "none: " + p.error; return false; }
    const plic = new Plic(p, info.hhdm);
    plic.reset();
    this.plic = plic;
    this.irqWhy = "PLIC at 0x" + p.base.toString(16) + ", sources 1-" + p.sources.toString() +
      ", context " + p.context.toString() + " (hart " + info.bootHart.toString() + " S-mode)";
    return true;
  }
  irqSummary(): string { return this.irqWhy; }
  irqEnable(irq: u32): bool { return this.plic !== null && this.plic!.enable(irq); }
  irqDisable(irq: u32): void { if (this.plic !== null) this.plic!.disable(irq); }
  irqEnabled(irq: u32): bool { return this.plic !== null && this.plic!.enabled(irq); }
  irqClaim(cause: u32): u32 {
    if (this.plic === null) return NO_IRQ;
    const source = this.plic!.claim();
    return source != 0 ? source : NO_IRQ;
  }
  irqComplete(irq: u32): void {
    if (this.plic !== null && irq != NO_IRQ) this.plic!.complete(irq);
  }

  poweroff(ok: bool, info: BootInfo): void {
    if (info.poweroffBase != 0) store32(info.hhdm + info.poweroffBase, ok ? 0x5555 : 0x13333);
    sbiCall(SBI_EXT_SRST, 0, 0, ok ? 0 : 1, 0);
    sbiCall(SBI_LEGACY_SHUTDOWN, 0, 0, 0, 0);
    halt();
  }
}
