// Starting x86_64 CPUs: through Limine's goto_address when Limine parked
// them, else with INIT-SIPI-SIPI into a real-mode trampoline
// (hal/x86_64/smp.S) copied to TRAMPOLINE with page tables of its own: the
// trampoline page mapped 1:1 and the kernel's half shared with the kernel's
// tables, so the CPU can jump to the kernel and load the real tables there.
import { BootInfo, CpuInfo, MemKind } from "../../boot/bootinfo";
import { load8, load64, store8, store32, store64 } from "../memory";
import { CpuStarter } from "../platform";
import { nowNs } from "../../kernel/cpu/time";
import { Lapic } from "./lapic";

// Where a started CPU enters the kernel (hal/x86_64/smp.S): the target
// Limine's goto_address takes, the trampoline's 64-bit landing, and the
// real-mode trampoline itself, copied below 1 MiB.
@external("x86", "limine_ap_entry") declare function limineApEntry(): u64;
@external("x86", "ap_entry64") declare function apEntry64(): u64;
@external("x86", "trampoline_start") declare function trampolineStart(): u64;
@external("x86", "trampoline_end") declare function trampolineEnd(): u64;

const TRAMPOLINE: u64 = 0x8000; // the SIPI vector is its page number
const TABLES: u64 = TRAMPOLINE + 0x1000; // PML4, PDPT, PD: three pages after it
const TRAMPOLINE_END: u64 = TABLES + 0x3000;
// Offsets of the trampoline's data (hal/x86_64/smp.S).
const TR_CR3: u64 = 48,
  TR_ENTRY: u64 = 56,
  TR_RECORD: u64 = 64;
// struct limine_smp_info (x86_64): goto_address at 16, extra_argument at 24.
const LIMINE_GOTO: u64 = 16,
  LIMINE_EXTRA: u64 = 24;
const PRESENT_WRITABLE: u64 = 0x3,
  HUGE: u64 = 0x80;

function lowMemoryUsable(info: BootInfo): bool {
  for (let i = 0; i < info.memory.length; i++) {
    const r = info.memory[i];
    if (r.kind == MemKind.Usable && r.base <= TRAMPOLINE && r.base + r.length >= TRAMPOLINE_END) return true;
  }
  return false;
}

// Copy the trampoline and build its tables; "" or why not. The first MiB is
// never handed out by the frame allocator, so nothing else lives there.
function prepareTrampoline(info: BootInfo, root: u64): string {
  if (!lowMemoryUsable(info)) return "the memory map has no usable RAM at 0x8000-0xbfff for the start-up trampoline";
  const start = trampolineStart(),
    end = trampolineEnd();
  if (end - start <= TR_RECORD + 8 || end - start > 4096) return "the trampoline is " + (end - start).toString() + " bytes, not one page";
  const page = info.hhdm + TRAMPOLINE;
  for (let i: u64 = 0; i < end - start; i++) store8(page + i, load8(start + i));
  const pml4 = info.hhdm + TABLES,
    pdpt = pml4 + 0x1000,
    pd = pml4 + 0x2000;
  for (let i: u64 = 0; i < 512; i++) {
    store64(pml4 + i * 8, i >= 256 ? load64(info.hhdm + root + i * 8) : 0); // the kernel's half, shared
    store64(pdpt + i * 8, 0);
    store64(pd + i * 8, 0);
  }
  store64(pml4, (TABLES + 0x1000) | PRESENT_WRITABLE);
  store64(pdpt, (TABLES + 0x2000) | PRESENT_WRITABLE);
  store64(pd, 0 | PRESENT_WRITABLE | HUGE); // physical 0-2 MiB, 1:1
  store32(page + TR_CR3, <u32>TABLES);
  store64(page + TR_ENTRY, apEntry64());
  return "";
}

function spin(ns: u64): void {
  const until = nowNs() + ns;
  while (nowNs() < until) {}
}

export class X86CpuStarter implements CpuStarter {
  constructor(public lapic: Lapic) {}

  bootCpuHwId(info: BootInfo): u32 {
    return this.lapic.id();
  }
  get idName(): string {
    return "APIC id";
  }

  // The trampoline is needed only for CPUs Limine did not park.
  prepare(info: BootInfo, root: u64): string {
    for (let i = 0; i < info.cpus.length; i++) {
      if (info.cpus[i].limineInfo == 0) return prepareTrampoline(info, root);
    }
    return "";
  }

  // Start `cpu` on `record`; "" or why not.
  start(cpu: CpuInfo, record: u64, info: BootInfo): string {
    if (cpu.limineInfo != 0) {
      store64(cpu.limineInfo + LIMINE_EXTRA, record);
      store64(cpu.limineInfo + LIMINE_GOTO, limineApEntry()); // one aligned store: the CPU sees it whole
      return "";
    }
    store64(info.hhdm + TRAMPOLINE + TR_RECORD, record);
    this.lapic.sendInit(cpu.hwId);
    spin(10_000_000);
    this.lapic.sendStartup(cpu.hwId, TRAMPOLINE);
    spin(200_000);
    this.lapic.sendStartup(cpu.hwId, TRAMPOLINE);
    return "";
  }

  initCpu(): void {
    this.lapic.enable();
  }
}
