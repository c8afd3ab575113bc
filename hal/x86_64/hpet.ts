// The HPET, the device a PC hands to user space (kernel/cell/devices.ts),
// where the ACPI HPET table puts it. Its IRQ is the lowest GSI that timer 0's
// route capability (bits 32-63 of its configuration register) allows, other
// than `avoid` (the console's): the driver routes the timer there.
import { BootInfo, NO_IRQ, bootError } from "../../boot/bootinfo";
import { load64 } from "../memory";
import { hpetBase, TABLE_ERROR } from "./acpi";

const TIMER0_CONFIG: u64 = 0x100;

export function findHpet(boot: BootInfo, avoid: u32): void {
  const d = boot.device;
  if (boot.rsdp == 0) {
    d.error = "no ACPI: no HPET table";
    return;
  }
  const base = hpetBase(boot.hhdm, boot.rsdp);
  if (base == TABLE_ERROR) {
    d.error = bootError;
    return;
  }
  if (base == 0) {
    d.error = "no ACPI HPET table";
    return;
  }
  if ((base & 0xfff) != 0) {
    d.error = "HPET at 0x" + base.toString(16) + " is not page-aligned";
    return;
  }
  d.name = "hpet";
  d.base = base;
  d.size = 0x1000; // the register block is 1 KiB; a page is what can be mapped
  const routes = <u32>(load64(boot.hhdm + base + TIMER0_CONFIG) >> 32);
  for (let gsi: u32 = 0; gsi < 32; gsi++) {
    if (((routes >> gsi) & 1) != 0 && gsi != avoid) {
      d.irq = gsi;
      break;
    }
  }
  d.error = d.irq == NO_IRQ ? "HPET timer 0 has no usable interrupt route (0x" + routes.toString(16) + ")" : "";
}
