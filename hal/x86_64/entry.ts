// x86_64 kernel entry, called by hal/common/boot.c: normalise whichever boot
// protocol started us into a BootInfo, then run the generic kernel.
import { BootInfo, bootError } from "../../kernel/bootinfo";
import { console, println } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { onTimerInterrupt } from "../../kernel/time";
import { runThread } from "../../kernel/sched";
import { cpuStarted } from "../../kernel/smp";
import { UART_PIO_16550 } from "../../drivers/uart";
import { parseLimine } from "../../boot/limine";
import { parseMultiboot2 } from "../../boot/multiboot2";
import { parsePvh } from "../../boot/pvh";
import { countCpusFromAcpi, madtApicIds } from "../../kernel/acpi";
import { CpuInfo } from "../../kernel/bootinfo";
import { X86Platform } from "./platform";

// Must match enum boot_protocol in hal/common/nexus.h.
const BOOT_LIMINE: u32 = 1;
const BOOT_MULTIBOOT2: u32 = 2;
const BOOT_PVH: u32 = 3;

export function kernelEntry(proto: u32, info: u64, arg: u64, hhdm: u64, kernelPhys: u64, kernelVirt: u64, kernelSize: u64): void {
  const platform = new X86Platform(hhdm);
  const boot = new BootInfo();
  boot.hhdm = hhdm;
  boot.kernelPhys = kernelPhys;
  boot.kernelVirt = kernelVirt;
  boot.kernelSize = kernelSize;
  // COM1 is where a PC's serial console is, whatever the loader says.
  boot.uart.kind = UART_PIO_16550;
  boot.uart.base = 0x3f8;
  console.init(boot.uart, 0);

  let ok = false;
  if (proto == BOOT_LIMINE) ok = parseLimine(boot, info, false);
  else if (proto == BOOT_MULTIBOOT2) ok = parseMultiboot2(boot, info);
  else if (proto == BOOT_PVH) ok = parsePvh(boot, info);
  if (!ok) {
    println("PANIC: boot: " + (proto > 0 && proto <= BOOT_PVH ? bootError : "unknown boot protocol"));
    platform.poweroff(false, boot);
    return;
  }
  if (boot.cpuCount == 0 && boot.rsdp != 0) {
    const n = countCpusFromAcpi(boot.hhdm, boot.rsdp);
    if (n < 0) println("acpi: " + bootError);
    boot.cpuCount = n > 0 ? n : 1;
    for (let i = 0; i < madtApicIds.length; i++) boot.cpus.push(new CpuInfo(madtApicIds[i], 0));
  }
  if (boot.cpuCount == 0) boot.cpuCount = 1;
  platform.hhdm = boot.hhdm; // Limine tells it only now
  kernelMain(boot, platform);
}

// The timer interrupt, called from the trap path (hal/<arch>/cpu.c).
export function timerInterrupt(): void {
  onTimerInterrupt();
}

// A new kernel thread's first TS code, on its own stack (hal/common/thread.c).
export function threadMain(id: u32): void {
  runThread(id);
}

// A secondary CPU's first TS code, on its idle thread's stack (hal/common/smp.c).
export function cpuMain(index: u32): void {
  cpuStarted(index);
}
