// x86_64 kernel entry, called by hal/common/boot.c: normalise whichever boot
// protocol started us into a BootInfo, then run the generic kernel.
import { BootInfo, CpuInfo, bootError } from "../../boot/bootinfo";
import { console, println } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { UART_PIO_16550 } from "../../drivers/uart";
import { parseLimine } from "../../boot/limine";
import { parseMultiboot2 } from "../../boot/x86_64/multiboot2";
import { parsePvh } from "../../boot/x86_64/pvh";
import { readMadt, Madt, hpetBase, TABLE_ERROR } from "./acpi";
import { load64 } from "../hal";
import { NO_IRQ } from "../../kernel/cpu/irq";
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
  if (boot.rsdp != 0) findHpet(boot, boot.uart.irq);
  else boot.device.error = "no ACPI: no HPET table";
  kernelMain(boot, platform);
}

// The device handed to user space (kernel/cell/devices.ts): the HPET, where
// the ACPI HPET table puts it. Its IRQ is the lowest GSI that timer 0's
// route capability (bits 32-63 of its configuration register) allows,
// other than the console's: the driver routes the timer there.
function findHpet(boot: BootInfo, avoid: u32): void {
  const d = boot.device;
  const base = hpetBase(boot.hhdm, boot.rsdp);
  if (base == TABLE_ERROR) { d.error = bootError; return; }
  if (base == 0) { d.error = "no ACPI HPET table"; return; }
  if ((base & 0xfff) != 0) { d.error = "HPET at 0x" + base.toString(16) + " is not page-aligned"; return; }
  d.name = "hpet";
  d.base = base;
  d.size = 0x1000; // the register block is 1 KiB; a page is what can be mapped
  const routes = <u32>(load64(boot.hhdm + base + HPET_TIMER0) >> 32);
  for (let gsi: u32 = 0; gsi < 32; gsi++) {
    if ((routes >> gsi & 1) != 0 && gsi != avoid) { d.irq = gsi; break; }
  }
  d.error = d.irq == NO_IRQ ? "HPET timer 0 has no usable interrupt route (0x" + routes.toString(16) + ")" : "";
}
const HPET_TIMER0: u64 = 0x100;

// What the C half calls besides kernelEntry: the same on every architecture.
export { timerInterrupt, deviceInterrupt, threadMain, cpuMain, pageFault, shadowStackPointer, setShadowStackPointer } from "../../kernel/entrypoints";
