// The boot banner: what the loader handed over, as the first lines of every
// boot log (the harness checks them, README.md shows one).
import { BootInfo, memKindName, NO_IRQ } from "./bootinfo";
import { println, hex, dec, size } from "../kernel/console";
import { uartKindName } from "../drivers/uart/uart";
import { NEXUS_VERSION } from "../kernel/version";

export function printBanner(info: BootInfo, arch: string): void {
  println(""); // loaders may leave the cursor mid-line
  println("nexus " + NEXUS_VERSION + " (" + arch + ")");
  println("boot: protocol=" + info.protocol + " firmware=" + info.firmware + (info.loader.length > 0 ? " loader=" + info.loader : ""));
  const usable = info.usableBytes();
  println("memory: " + dec(info.memory.length) + " entries, " + dec(usable) + " bytes usable (" + size(usable) + ")");
  for (let i = 0; i < info.memory.length; i++) {
    const r = info.memory[i];
    println("  [" + hex(r.base, 16) + " +" + hex(r.length, 16) + "] " + memKindName(r.kind));
  }
  println("hhdm: " + hex(info.hhdm));
  println("kernel: phys " + hex(info.kernelPhys) + " virt " + hex(info.kernelVirt));
  println("cmdline: " + info.cmdline);
  println("modules: " + dec(info.modules.length));
  for (let i = 0; i < info.modules.length; i++) {
    const m = info.modules[i];
    println("  module " + dec(i) + ": " + m.name + " at " + hex(m.phys) + ", " + dec(m.size) + " bytes");
  }
  println("cpus: " + dec(info.cpuCount));
  if (info.timebaseHz != 0) println("timebase: " + dec(info.timebaseHz) + " Hz");
  if (info.bootHart >= 0) println("boot hart: " + dec(<u64>info.bootHart));
  println(
    "console: " +
      uartKindName(info.uart.kind) +
      " at " +
      hex(info.uart.base) +
      (info.uart.irq != NO_IRQ ? ", irq " + dec(info.uart.irq) : ""),
  );
}
