// The devices the kernel leaves to user space, turned from platform facts
// (BootInfo.device: the goldfish RTC on riscv64 virt, the HPET on a PC) into
// capability objects for init: an MMIO range and its interrupt line. A
// platform without one gets none, and one line says so.
import { println } from "../console";
import { UserDevice, NO_IRQ } from "../../boot/bootinfo";
import { irqsAvailable } from "../cpu/irq";
import { FRAME } from "../mm/frames";
import { MmioObject } from "../object/mmio";
import { IrqObject } from "../object/irq";

export class Minted {
  mmio: MmioObject | null = null;
  irq: IrqObject | null = null;
}

export function mintDevices(d: UserDevice): Minted {
  const m = new Minted();
  if (d.base == 0 || d.error.length > 0) {
    println("devices: none for user space (" + d.error + ")");
    return m;
  }
  const pages = (d.size + FRAME - 1) / FRAME;
  m.mmio = new MmioObject(d.name, d.base, pages == 0 ? 1 : pages);
  let irq = "no interrupt";
  if (d.irq != NO_IRQ && irqsAvailable()) {
    m.irq = IrqObject.claim(d.name, d.irq);
    irq = m.irq !== null ? "irq " + d.irq.toString() : "irq " + d.irq.toString() + " could not be claimed";
  }
  println(
    "devices: " + d.name + " at 0x" + d.base.toString(16) + " (" + m.mmio!.pages.toString() + " pages), " + irq + ": init slots 5 and 6",
  );
  return m;
}
