// The x86_64 platform (hal/platform.ts): the local APIC's timer and the TSC,
// the I/O APICs, INIT-SIPI (or Limine) to start CPUs, 4-level paging, and
// power-off through QEMU's isa-debug-exit at port 0xf4, whose exit status is
// (value << 1) | 1: 0x10 gives 33 (the harness's "pass").
import { Platform, Paging, Power } from "../platform";
import { PteFormat } from "../../kernel/mm/pagetable";
import { halt } from "../cpu";
import { portOut32 } from "./ports";
import { X86Pte } from "./paging";
import { Lapic, LapicTimer } from "./lapic";
import { X86CpuStarter } from "./smp";
import { IrqRouting } from "./irqs";
import { Madt } from "./acpi";

// Bit 0 SMEP, bit 1 SMAP, as hal/x86_64/cpu.c turned them on at boot.
@external("x86", "cpu_features") declare function cpuFeatures(): u32;

class X86Paging implements Paging {
  pteFormat(): PteFormat {
    return new X86Pte();
  }
  // BIOS data, the EBDA and real-mode structures (PVH's start info among them).
  get lowMemoryReserve(): u64 {
    return 0x100000;
  }
}

class IsaDebugExit implements Power {
  poweroff(ok: bool): void {
    portOut32(0xf4, ok ? 0x10 : 0x01);
    halt(); // not under QEMU with isa-debug-exit: just stop
  }
}

function userMemoryGuard(): string {
  const f = cpuFeatures();
  return "SMEP " + ((f & 1) != 0 ? "on" : "absent") + ", SMAP " + ((f & 2) != 0 ? "on" : "absent");
}

// `madt` is ACPI's, if there is one (entry.ts reads it): it names the I/O APICs.
export function x86Platform(hhdm: u64, madt: Madt | null): Platform {
  const lapic = new Lapic(hhdm);
  return new Platform(
    "x86_64",
    new X86Paging(),
    new LapicTimer(lapic),
    new IrqRouting(madt, lapic),
    new X86CpuStarter(lapic),
    new IsaDebugExit(),
    0xc3 /* ret */,
    userMemoryGuard(),
  );
}

// Before the boot record is read there is no platform yet: stop all the same.
export function x86PowerOff(ok: bool): void {
  new IsaDebugExit().poweroff(ok);
}
