// x86_64 platform: power-off through QEMU's isa-debug-exit at port 0xf4, whose
// exit status is (value << 1) | 1: 0x10 gives 33 (the harness's "pass").
import { Platform } from "../../kernel/platform";
import { BootInfo, CpuInfo } from "../../boot/bootinfo";
import { portOut32, halt, smpInit } from "../hal";
import { prepareTrampoline, startCpu } from "./smp";
import { PteFormat } from "../../kernel/mm/pagetable";
import { X86Pte } from "./paging";
import { Lapic } from "./lapic";
import { Madt } from "./acpi";
import { IrqRouting } from "./irqs";

export class X86Platform extends Platform {
  constructor(public hhdm: u64) { super(); }

  get arch(): string { return "x86_64"; }
  // BIOS data, the EBDA and real-mode structures (PVH's start info among them).
  get lowMemoryReserve(): u64 { return 0x100000; }
  pteFormat(): PteFormat { return new X86Pte(); }
  get returnInstruction(): u32 { return 0xc3; }

  lapic: Lapic = new Lapic();
  // Calibrates on first use (10 ms of PIT time).
  counterHz(): u64 {
    if (this.lapic.base == 0) this.lapic.init(this.hhdm);
    return this.lapic.tscHz;
  }
  startTimer(hz: u32): bool { return this.lapic.startPeriodic(hz); }
  timerTick(): u32 {
    this.lapic.eoi();
    return 1;
  }
  lastTickLatencyNs(): u64 { return this.lapic.sinceExpiryNs(); }
  stopTimer(): void { this.lapic.stop(); }

  bootCpuHwId(info: BootInfo): u32 {
    if (this.lapic.base == 0) this.lapic.init(this.hhdm);
    return this.lapic.id();
  }
  get cpuIdName(): string { return "APIC id"; }
  prepareSmp(info: BootInfo, root: u64): string {
    if (this.lapic.base == 0) this.lapic.init(this.hhdm);
    smpInit(this.lapic.base);
    for (let i = 0; i < info.cpus.length; i++) {
      if (info.cpus[i].limineInfo == 0) return prepareTrampoline(info, root);
    }
    return "";
  }
  startCpu(cpu: CpuInfo, record: u64, info: BootInfo): string { return startCpu(this.lapic, cpu, record, info); }
  initCpu(): void { this.lapic.enable(); }
  madt: Madt | null = null; // set by entry.ts when ACPI has one
  irqs: IrqRouting = new IrqRouting();
  irqInit(info: BootInfo): bool {
    if (this.lapic.base == 0) this.lapic.init(this.hhdm);
    return this.irqs.init(this.madt, this.hhdm, this.lapic.id());
  }
  irqSummary(): string { return this.irqs.summary; }
  irqEnable(irq: u32): bool { return this.irqs.enable(irq); }
  irqDisable(irq: u32): void { this.irqs.disable(irq); }
  irqEnabled(irq: u32): bool { return this.irqs.enabled(irq); }
  irqClaim(cause: u32): u32 { return this.irqs.gsiForVector(cause); }
  irqComplete(irq: u32): void { this.lapic.eoi(); }

  poweroff(ok: bool, info: BootInfo): void {
    portOut32(0xf4, ok ? 0x10 : 0x01);
    halt(); // not under QEMU with isa-debug-exit: just stop
  }
}
