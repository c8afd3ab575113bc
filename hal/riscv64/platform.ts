// riscv64 platform: power-off through the sifive_test device when the device
// tree has one (QEMU exits with status 0 for 0x5555, status N for
// 0x3333 | N << 16), else SBI system reset, else the legacy SBI shutdown.
import { Platform } from "../../kernel/platform";
import { BootInfo, CpuInfo } from "../../boot/bootinfo";
import { store32, store64, sbiCall, sbiValue, halt, pagingMode, cycles, cpuIndex, smpEntry } from "../hal";
import { MAX_CPUS } from "../../kernel/cpu/cpu";
import { PteFormat } from "../../kernel/mm/pagetable";
import { RiscvPte } from "./paging";
import { Plic } from "./plic";
import { NO_IRQ } from "../../kernel/cpu/irq";

const SBI_EXT_SRST: u32 = 0x53525354;
const SBI_LEGACY_SHUTDOWN: u32 = 8;
const SBI_EXT_TIME: u32 = 0x54494d45;
const SBI_LEGACY_SET_TIMER: u32 = 0;
const SBI_EXT_BASE: u32 = 0x10, SBI_PROBE_EXTENSION: u32 = 3;
const SBI_EXT_HSM: u32 = 0x48534d, SBI_EXT_IPI: u32 = 0x735049;
// struct limine_smp_info (riscv64): goto_address at 24, extra_argument at 32.
const LIMINE_GOTO: u64 = 24, LIMINE_EXTRA: u64 = 32;

function hasExtension(ext: u32): bool {
  return sbiCall(SBI_EXT_BASE, SBI_PROBE_EXTENSION, ext, 0, 0) == 0 && sbiValue() != 0;
}

// SBI error codes (SBI spec, "Binary Encoding").
function sbiErrorName(e: i64): string {
  if (e == -2) return "not supported";
  if (e == -3) return "invalid parameter";
  if (e == -4) return "denied";
  if (e == -5) return "invalid address";
  if (e == -6) return "already started";
  return "error " + e.toString();
}

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
  // Each hart has its own SBI timer: its period, next deadline and lateness.
  private period: StaticArray<u64> = new StaticArray<u64>(MAX_CPUS);
  private deadline: StaticArray<u64> = new StaticArray<u64>(MAX_CPUS);
  private latency: StaticArray<u64> = new StaticArray<u64>(MAX_CPUS);
  counterHz(): u64 { return this.timebaseHz; }
  startTimer(hz: u32): bool {
    if (this.timebaseHz == 0 || hz == 0) return false;
    const c = cpuIndex();
    this.period[c] = this.timebaseHz / hz;
    this.deadline[c] = cycles() + this.period[c];
    return setTimer(this.deadline[c]);
  }
  // Re-arming also clears the pending interrupt. Deadlines follow each other,
  // not the handler's lateness, so the period does not drift; periods missed
  // while the CPU was away are counted, not lost.
  lastTickLatencyNs(): u64 { return this.latency[cpuIndex()] * 1_000_000_000 / this.timebaseHz; }
  timerTick(): u32 {
    const c = cpuIndex();
    const now = cycles();
    if (this.period[c] == 0) { setTimer(U64.MAX_VALUE); return 0; } // stopped: a stale interrupt
    this.latency[c] = now - this.deadline[c];
    let passed: u32 = 0;
    while (this.deadline[c] <= now) {
      this.deadline[c] += this.period[c];
      passed++;
    }
    setTimer(this.deadline[c]);
    return passed > 0 ? passed : 1;
  }
  stopTimer(): void {
    this.period[cpuIndex()] = 0;
    setTimer(U64.MAX_VALUE);
  }

  bootHart: u32 = 0;
  bootCpuHwId(info: BootInfo): u32 { return this.bootHart; }
  get cpuIdName(): string { return "hart"; }
  prepareSmp(info: BootInfo, root: u64): string {
    if (!hasExtension(SBI_EXT_IPI)) return "the SBI firmware has no IPI extension";
    for (let i = 0; i < info.cpus.length; i++) {
      if (info.cpus[i].limineInfo == 0 && !hasExtension(SBI_EXT_HSM)) return "the SBI firmware has no HSM extension to start harts";
    }
    return "";
  }
  // Limine parked the hart: hand it our entry. Else SBI HSM starts it at the
  // physical address of hsm_entry with its record's physical address.
  startCpu(cpu: CpuInfo, record: u64, info: BootInfo): string {
    if (cpu.limineInfo != 0) {
      store64(cpu.limineInfo + LIMINE_EXTRA, record);
      store64(cpu.limineInfo + LIMINE_GOTO, smpEntry(0));
      return "";
    }
    const toPhys = info.kernelPhys - info.kernelVirt; // the kernel image is contiguous
    const e = sbiCall(SBI_EXT_HSM, 0, cpu.hwId, smpEntry(1) + toPhys, record + toPhys);
    return e == 0 ? "" : "SBI hart_start: " + sbiErrorName(e);
  }
  initCpu(): void {}

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
