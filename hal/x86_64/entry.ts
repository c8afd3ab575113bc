// The x86_64 kernel: the wasm module's root, entered from hal/common/boot.c.
// Read whichever boot protocol started us into a BootInfo (boot/limine.ts,
// boot/x86_64/), add what ACPI says (CPUs, the interrupt routing, the HPET),
// build the platform, run the generic kernel.
import { BootInfo, CpuInfo, bootError } from "../../boot/bootinfo";
import { BOOT_LIMINE, BOOT_MULTIBOOT2, BOOT_PVH } from "../../boot/protocol";
import { parseLimine } from "../../boot/limine";
import { parseMultiboot2 } from "../../boot/x86_64/multiboot2";
import { parsePvh } from "../../boot/x86_64/pvh";
import { println, setConsole } from "../../kernel/console";
import { kernelMain } from "../../kernel/main";
import { Ns16550 } from "../../drivers/uart/ns16550";
import { UART_PIO_16550 } from "../../drivers/uart/uart";
import { PortRegisters } from "./ports";
import { readMadt, Madt } from "./acpi";
import { isaGsi } from "./irqs";
import { findHpet } from "./hpet";
import { x86Platform, x86PowerOff } from "./platform";

const COM1: u64 = 0x3f8;
const COM1_IRQ: u32 = 4; // ISA

export function kernelEntry(proto: u32, info: u64, arg: u64, hhdm: u64, kernelPhys: u64, kernelVirt: u64, kernelSize: u64): void {
  const boot = new BootInfo();
  boot.hhdm = hhdm;
  boot.kernelPhys = kernelPhys;
  boot.kernelVirt = kernelVirt;
  boot.kernelSize = kernelSize;
  // COM1 is where a PC's serial console is, whatever the loader says.
  boot.uart.kind = UART_PIO_16550;
  boot.uart.base = COM1;
  setConsole(new Ns16550(UART_PIO_16550, new PortRegisters(COM1), true));

  let ok = false;
  if (proto == BOOT_LIMINE) ok = parseLimine(boot, info, false);
  else if (proto == BOOT_MULTIBOOT2) ok = parseMultiboot2(boot, info);
  else if (proto == BOOT_PVH) ok = parsePvh(boot, info);
  if (!ok) {
    println("PANIC: boot: " + (proto > 0 && proto <= BOOT_PVH ? bootError : "unknown boot protocol"));
    x86PowerOff(false);
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
  boot.uart.irq = isaGsi(madt, COM1_IRQ);
  findHpet(boot, boot.uart.irq);
  kernelMain(boot, x86Platform(boot.hhdm, madt)); // Limine tells the hhdm only in its record
}

// What the C half calls besides kernelEntry: the same on every architecture.
export * from "../../kernel/entrypoints";
