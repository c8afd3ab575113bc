// Host-test entry: the boot-record parsers, driven from JS over fake memory
// (hhdm = 0, so a physical address is its own virtual address). Each export
// returns a one-line summary of the BootInfo, or "error: <reason>".
import { BootInfo, bootError, memKindName } from "../../../boot/bootinfo";
import { bootInfoFromDtb } from "../../../boot/riscv64/dtb";
import { parseMultiboot2 } from "../../../boot/x86_64/multiboot2";
import { parsePvh } from "../../../boot/x86_64/pvh";
import { parseLimine } from "../../../boot/limine";
import { countCpusFromAcpi, readMadt } from "../../../hal/x86_64/acpi";
import { isaGsi, electrical } from "../../../hal/x86_64/irqs";

function hex(v: u64): string {
  return "0x" + v.toString(16);
}

// "hw[@limine record]" per CPU the parser listed, "boot:" the boot CPU's id.
function cpuIds(b: BootInfo): string {
  let s = "";
  for (let i = 0; i < b.cpus.length; i++) {
    s += (i > 0 ? "," : "") + b.cpus[i].hwId.toString() + (b.cpus[i].limineInfo != 0 ? "@" + hex(b.cpus[i].limineInfo) : "");
  }
  return "[" + s + "]" + (b.bootCpuHwId >= 0 ? "boot:" + b.bootCpuHwId.toString() : "");
}

function summary(ok: bool, b: BootInfo): string {
  if (!ok) return "error: " + bootError;
  let mem = "";
  for (let i = 0; i < b.memory.length; i++) {
    const r = b.memory[i];
    mem += (i > 0 ? "," : "") + memKindName(r.kind) + ":" + hex(r.base) + "+" + hex(r.length);
  }
  let mods = "";
  for (let i = 0; i < b.modules.length; i++)
    mods += (i > 0 ? "," : "") + b.modules[i].name + "@" + hex(b.modules[i].phys) + "+" + hex(b.modules[i].size);
  return (
    "protocol=" +
    b.protocol +
    " firmware=" +
    b.firmware +
    " loader=" +
    b.loader +
    " cpus=" +
    b.cpuCount.toString() +
    " cpuids=" +
    cpuIds(b) +
    " usable=" +
    b.usableBytes().toString() +
    " timebase=" +
    b.timebaseHz.toString() +
    " boothart=" +
    b.bootHart.toString() +
    " uart=" +
    b.uart.kind.toString() +
    "@" +
    hex(b.uart.base) +
    "/" +
    b.uart.regShift.toString() +
    "/" +
    b.uart.regWidth.toString() +
    " poweroff=" +
    hex(b.poweroffBase) +
    " rsdp=" +
    hex(b.rsdp) +
    " dtb=" +
    hex(b.dtb) +
    " hhdm=" +
    hex(b.hhdm) +
    " kernel=" +
    hex(b.kernelPhys) +
    " mods=[" +
    mods +
    "] mem=[" +
    mem +
    "] cmdline=" +
    b.cmdline
  );
}

export function dtb(addr: u64): string {
  const b = new BootInfo();
  return summary(bootInfoFromDtb(b, addr, addr, true), b);
}

export function multiboot2(addr: u64): string {
  const b = new BootInfo();
  return summary(parseMultiboot2(b, addr), b);
}

export function pvh(addr: u64): string {
  const b = new BootInfo();
  return summary(parsePvh(b, addr), b);
}

export function limine(block: u64, isRiscv: bool): string {
  const b = new BootInfo();
  return summary(parseLimine(b, block, isRiscv), b);
}

export function acpiCpus(rsdp: u64): string {
  const n = countCpusFromAcpi(0, rsdp);
  return n < 0 ? "error: " + bootError : n.toString();
}

// The Limine path: memory comes from Limine's map, but the tree's firmware
// reservations still count.
export function dtbReservationsOnly(addr: u64): string {
  const b = new BootInfo();
  return summary(bootInfoFromDtb(b, addr, addr, false), b);
}

// The MADT's interrupt entries, and where COM1's ISA IRQ 4 lands.
export function madt(rsdp: u64): string {
  const m = readMadt(0, rsdp);
  if (m === null) return "error: " + bootError;
  if (!m.found) return "no MADT";
  let s = "cpus=" + m.cpus.toString() + " ioapics=[";
  for (let i = 0; i < m.ioApics.length; i++) {
    const a = m.ioApics[i];
    s += (i > 0 ? "," : "") + a.id.toString() + "@" + hex(a.address) + "/" + a.gsiBase.toString();
  }
  s += "] overrides=[";
  for (let i = 0; i < m.overrides.length; i++) {
    const o = m.overrides[i];
    s += (i > 0 ? "," : "") + o.isaIrq.toString() + ">" + o.gsi.toString() + "/" + hex(o.flags);
  }
  return s + "] com1=" + isaGsi(m, 4).toString();
}

// Redirection-entry polarity (bit 13) and trigger (bit 15) for MPS INTI flags.
export function inti(flags: u32, isa: bool): u32 {
  return electrical(flags, isa);
}

// The PLIC and the console UART's source, for boot hart `hart`.
export function plic(addr: u64, hart: i64): string {
  const b = new BootInfo();
  b.bootHart = hart;
  if (!bootInfoFromDtb(b, addr, addr, true)) return "error: " + bootError;
  const p = b.plic;
  const uart = " uartirq=" + (b.uart.irq == 0xffffffff ? "none" : b.uart.irq.toString());
  if (p.error.length > 0) return "error: " + p.error + uart;
  return "base=" + hex(p.base) + " size=" + hex(p.size) + " sources=" + p.sources.toString() + " context=" + p.context.toString() + uart;
}
