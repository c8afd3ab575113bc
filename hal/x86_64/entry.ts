// x86_64 kernel entry, called by hal/common/boot.c: normalise whichever boot
// protocol started us into a BootInfo, then run the generic kernel.
import { BootInfo, bootError } from "../../kernel/bootinfo";
import { console, println } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { onTimerInterrupt } from "../../kernel/time";
import { runThread } from "../../kernel/sched";
import { onPageFaultOwnStack } from "../../kernel/pagefault";
import { cpuStarted } from "../../kernel/smp";
import { UART_PIO_16550 } from "../../drivers/uart";
import { parseLimine } from "../../boot/limine";
import { parseMultiboot2 } from "../../boot/multiboot2";
import { parsePvh } from "../../boot/pvh";
import { readMadt, Madt } from "../../kernel/acpi";
import { onDeviceInterrupt } from "../../kernel/irq";
import { CpuInfo } from "../../kernel/bootinfo";
import { X86Platform } from "./platform";
import { isaGsi } from "./irqs";

// Must match enum boot_protocol in hal/common/nexus.h.
const BOOT_LIMINE: u32 = 1;
const BOOT_MULTIBOOT2: u32 = 2;
const BOOT_PVH: u32 = 3;
const COM1_IRQ: u32 = 4; // ISA

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
  // Every path has an RSDP (Limine's response, multiboot2's ACPI tag, the
  // PVH start info, microvm's too); only microvm with acpi=off has none, and
  // the I/O APIC setup falls back to the standard PC (hal/x86_64/irqs.ts).
  let madt: Madt | null = null;
  if (boot.rsdp != 0) {
    madt = readMadt(boot.hhdm, boot.rsdp);
    if (madt === null) println("acpi: " + bootError);
  }
  if (boot.cpuCount == 0 && madt !== null) boot.cpuCount = madt.cpus;
  if (boot.cpus.length == 0 && madt !== null) {
    for (let i = 0; i < madt.apicIds.length; i++) boot.cpus.push(new CpuInfo(madt.apicIds[i], 0));
  }
  if (boot.cpuCount == 0) boot.cpuCount = 1;
  platform.madt = madt;
  boot.uart.irq = isaGsi(madt, COM1_IRQ);
  platform.hhdm = boot.hhdm; // Limine tells it only now
  kernelMain(boot, platform);
}

// The timer interrupt, called from the trap path (hal/<arch>/cpu.c).
export function timerInterrupt(): void {
  onTimerInterrupt();
}

// A device interrupt (vectors 48..79), called from the trap path.
export function deviceInterrupt(vector: u32): void {
  onDeviceInterrupt(vector);
}

// A new kernel thread's first TS code, on its own stack (hal/common/thread.c).
export function threadMain(id: u32): void {
  runThread(id);
}

// A secondary CPU's first TS code, on its idle thread's stack (hal/common/smp.c).
export function cpuMain(index: u32): void {
  cpuStarted(index);
}

// A kernel page fault (access: 0 read, 1 write, 2 fetch), from the trap path:
// 1 if handled, else what was hit (kernel/pagefault.ts). Must not allocate.
export function pageFault(addr: u64, access: u32): u32 {
  return onPageFaultOwnStack(addr, access);
}

// The TS shadow-stack pointer, which moves with the kernel lock from CPU to
// CPU (hal/common/smp.c). No managed locals: these keep no frame of their own.
export function shadowStackPointer(): u32 { return <u32>__stack_pointer; }
export function setShadowStackPointer(sp: u32): void { __stack_pointer = <usize>sp; }
