// riscv64 boot info from the device tree: what OpenSBI, U-Boot (booti or
// extlinux) and Limine pass a kernel. Memory, reservations, harts, timebase,
// the console UART (chosen by `compatible`) and its interrupt, the PLIC, the
// power-off device, /chosen.
import { BootInfo, MemRegion, MemKind, BootModule, CpuInfo, NO_IRQ, setBootError } from "../bootinfo";
import { DeviceTree, dtError } from "../devicetree";
import { UART_NS16550A, UART_DW_APB, UART_SIFIVE, UART_NONE } from "../../drivers/uart/uart";
import { plicFromDtb, isPlic } from "../../hal/riscv64/plic";

const MAX_DTB: u32 = 2 << 20;

function uartKind(t: DeviceTree, node: i32): u32 {
  if (t.isCompatible(node, "snps,dw-apb-uart")) return UART_DW_APB;
  if (t.isCompatible(node, "ns16550a") || t.isCompatible(node, "ns16550")) return UART_NS16550A;
  if (t.isCompatible(node, "sifive,uart0")) return UART_SIFIVE;
  return UART_NONE;
}

function useUart(info: BootInfo, t: DeviceTree, node: i32): bool {
  const kind = uartKind(t, node);
  const reg = t.reg(node);
  if (kind == UART_NONE || reg.length == 0 || !t.isEnabled(node)) return false;
  info.uart.kind = kind;
  info.uart.base = reg[0].addr;
  info.uart.regShift = t.propU32(node, "reg-shift", 0);
  info.uart.regWidth = t.propU32(node, "reg-io-width", 1);
  info.uart.clockHz = t.propU32(node, "clock-frequency", 0);
  info.uart.irq = plicSource(t, node);
  return true;
}

// A device's PLIC source: the one cell of `interrupts` with a PLIC as its
// interrupt parent, or the first pair of `interrupts-extended` naming one.
function plicSource(t: DeviceTree, node: i32): u32 {
  const ext = t.prop(node, "interrupts-extended");
  if (ext >= 0 && t.propLen[ext] >= 8) {
    const parent = t.byPhandle(t.propCell(ext, 0));
    const cell = t.propCell(ext, 1);
    return parent >= 0 && isPlic(t, parent) && cell != 0 ? cell : NO_IRQ;
  }
  const parent = t.interruptParent(node);
  const cell = t.propU32(node, "interrupts", 0);
  return parent >= 0 && isPlic(t, parent) && cell != 0 ? cell : NO_IRQ;
}

// The device handed to user space (kernel/cell/devices.ts): the goldfish
// RTC of QEMU's virt machine, a nanosecond counter with an alarm interrupt.
function userDeviceFromDtb(info: BootInfo, t: DeviceTree): void {
  const d = info.device;
  d.error = "no google,goldfish-rtc in the device tree";
  const rtcs = t.findCompatible("google,goldfish-rtc");
  if (rtcs.length == 0) return;
  const reg = t.reg(rtcs[0]);
  if (reg.length == 0 || (reg[0].addr & 0xfff) != 0) {
    d.error = "google,goldfish-rtc has no page-aligned reg";
    return;
  }
  d.name = "goldfish-rtc";
  d.base = reg[0].addr;
  d.size = reg[0].size;
  d.irq = plicSource(t, rtcs[0]);
  d.error = "";
}

// The UART /chosen/stdout-path names ("serial0:115200n8" or a path), else the
// first enabled UART we can drive (Limine removes /chosen's properties).
function findConsole(info: BootInfo, t: DeviceTree): void {
  const chosen = t.findNode("/chosen");
  if (chosen >= 0) {
    let path = t.propString(chosen, "stdout-path");
    if (path === null) path = t.propString(chosen, "linux,stdout-path");
    if (path !== null) {
      const colon = path.indexOf(":");
      const node = t.findNode(colon >= 0 ? path.substring(0, colon) : path);
      if (node >= 0 && useUart(info, t, node)) return;
    }
  }
  for (let n = 0; n < t.nodeCount; n++) {
    if (useUart(info, t, n)) return;
  }
}

export function bootInfoFromDtb(info: BootInfo, dtbVirt: u64, dtbPhys: u64, memoryFromDtb: bool): bool {
  const t = DeviceTree.parse(dtbVirt, MAX_DTB);
  if (t === null) {
    setBootError(dtError);
    return false;
  }
  info.dtb = dtbPhys;
  info.dtbSize = t.size;

  if (memoryFromDtb) {
    for (let n = 0; n < t.nodeCount; n++) {
      const dt = t.propString(n, "device_type");
      if (t.nodeParent[n] != 0 || dt === null || dt != "memory" || !t.isEnabled(n)) continue;
      const regs = t.reg(n);
      for (let i = 0; i < regs.length; i++) info.memory.push(new MemRegion(regs[i].addr, regs[i].size, MemKind.Usable));
    }
    if (info.memory.length == 0) {
      setBootError("devicetree: no memory nodes");
      return false;
    }
    info.memory.push(new MemRegion(dtbPhys, t.size, MemKind.BootloaderReclaimable));
  }
  // Firmware reservations (OpenSBI's own memory among them) hold whoever made
  // the memory map: Limine, through U-Boot's UEFI, reports OpenSBI's RAM usable.
  const resv = t.findNode("/reserved-memory");
  if (resv >= 0) {
    for (let n = 0; n < t.nodeCount; n++) {
      if (t.nodeParent[n] != resv) continue;
      const regs = t.reg(n);
      for (let i = 0; i < regs.length; i++) info.memory.push(new MemRegion(regs[i].addr, regs[i].size, MemKind.Reserved));
    }
  }
  for (let i = 0; i < t.reservations.length; i++) {
    info.memory.push(new MemRegion(t.reservations[i].addr, t.reservations[i].size, MemKind.Reserved));
  }

  // Harts that can run the kernel: enabled cpu nodes with an MMU (the JH7110's
  // and sifive_u's monitor core has none).
  const cpus = t.findNode("/cpus");
  if (cpus < 0) {
    setBootError("devicetree: no /cpus node");
    return false;
  }
  let harts = 0;
  const dtHarts = new Array<CpuInfo>();
  let timebase: u64 = t.propU32(cpus, "timebase-frequency", 0);
  for (let n = 0; n < t.nodeCount; n++) {
    if (t.nodeParent[n] != cpus) continue;
    const dt = t.propString(n, "device_type");
    if (dt === null || dt != "cpu") continue;
    if (timebase == 0) timebase = t.propU32(n, "timebase-frequency", 0);
    if (!t.isEnabled(n) || !t.hasProp(n, "mmu-type")) continue;
    harts++;
    const reg = t.propU32(n, "reg", 0xffffffff);
    if (reg != 0xffffffff && info.cpus.length == 0) dtHarts.push(new CpuInfo(reg, 0));
  }
  if (info.cpuCount == 0) info.cpuCount = harts;
  if (info.cpus.length == 0) info.cpus = dtHarts; // Limine's list, when there is one, comes first
  info.timebaseHz = timebase;
  if (timebase == 0) {
    setBootError("devicetree: no timebase-frequency");
    return false;
  }

  const chosen = t.findNode("/chosen");
  if (chosen >= 0) {
    const args = t.propString(chosen, "bootargs");
    if (args !== null && info.cmdline.length == 0) info.cmdline = args;
    const start = t.propU64(chosen, "linux,initrd-start", 0);
    const end = t.propU64(chosen, "linux,initrd-end", 0);
    if (end > start) info.modules.push(new BootModule(start, end - start, "initrd"));
  }
  findConsole(info, t);
  plicFromDtb(t, info.bootHart, info.plic); // none is not fatal: no device interrupts

  userDeviceFromDtb(info, t);

  const tests = t.findCompatible("sifive,test0");
  if (tests.length > 0) {
    const reg = t.reg(tests[0]);
    if (reg.length > 0) info.poweroffBase = reg[0].addr;
  }
  return true;
}
