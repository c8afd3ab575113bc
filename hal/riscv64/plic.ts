// The RISC-V platform-level interrupt controller (PLIC spec 1.0.0; SiFive's
// and the JH7110's are this one). Sources 1..ndev each have a priority; each
// context (one privilege mode of one hart) has an enable bit per source, a
// priority threshold, and a claim/complete register: reading it claims the
// highest pending source, writing the number back completes it.
//
// Which context is the boot hart's supervisor mode comes from the device
// tree: `interrupts-extended` lists (cpu interrupt controller, cause) pairs in
// context order, and S-mode's external interrupt is cause 9.
import { load32, store32 } from "../memory";
import { BootInfo, PlicInfo, NO_IRQ } from "../../boot/bootinfo";
import { InterruptController } from "../platform";
import { DeviceTree } from "../../boot/devicetree";

const PRIORITY: u64 = 0x0; // + 4 * source
const ENABLE: u64 = 0x2000; // + 0x80 * context + 4 * (source / 32)
const CONTEXT: u64 = 0x200000; // + 0x1000 * context: threshold, then claim/complete
const CLAIM: u64 = 4;
const MAX_SOURCES: u32 = 1023;
const MAX_CONTEXTS: u32 = 15872;
const SUPERVISOR_EXTERNAL: u32 = 9;

export function isPlic(t: DeviceTree, node: i32): bool {
  return t.isCompatible(node, "riscv,plic0") || t.isCompatible(node, "sifive,plic-1.0.0") || t.isCompatible(node, "starfive,jh7110-plic");
}

// The `interrupt-controller` child of the cpu node whose reg is `hart`.
function hartIntc(t: DeviceTree, hart: u64): i32 {
  const cpus = t.findNode("/cpus");
  if (cpus < 0) return -1;
  for (let n = 0; n < t.nodeCount; n++) {
    if (t.nodeParent[n] != cpus || !t.nodeName[n].startsWith("cpu@")) continue;
    const reg = t.reg(n);
    if (reg.length == 0 || reg[0].addr != hart) continue;
    return t.child(n, "interrupt-controller");
  }
  return -1;
}

// Fill `out` from the tree's first enabled PLIC; false (with out.error) when
// there is none or it is unusable for the boot hart.
export function plicFromDtb(t: DeviceTree, bootHart: i64, out: PlicInfo): bool {
  let node = -1;
  for (let n = 0; n < t.nodeCount && node < 0; n++) {
    if (isPlic(t, n) && t.isEnabled(n)) node = n;
  }
  if (node < 0) {
    out.error = "no PLIC in the device tree";
    return false;
  }
  const where = "plic " + t.nodeName[node] + ": ";
  const reg = t.reg(node);
  if (reg.length == 0) {
    out.error = where + "no reg";
    return false;
  }
  const ndev = t.propU32(node, "riscv,ndev", 0);
  if (ndev == 0 || ndev > MAX_SOURCES) {
    out.error = where + "riscv,ndev " + ndev.toString() + " outside 1.." + MAX_SOURCES.toString();
    return false;
  }
  if (bootHart < 0) {
    out.error = where + "the boot hart is unknown";
    return false;
  }
  const intc = hartIntc(t, <u64>bootHart);
  const phandle = intc >= 0 ? t.propU32(intc, "phandle", 0) : 0;
  if (phandle == 0) {
    out.error = where + "hart " + bootHart.toString() + " has no interrupt controller with a phandle";
    return false;
  }
  const p = t.prop(node, "interrupts-extended");
  if (p < 0 || t.propLen[p] % 8 != 0) {
    out.error = where + "interrupts-extended missing or not (phandle, cause) pairs";
    return false;
  }
  const pairs = t.propLen[p] / 8;
  let context: i32 = -1;
  for (let i: u32 = 0; i < pairs && i < MAX_CONTEXTS; i++) {
    if (t.propCell(p, 2 * i) == phandle && t.propCell(p, 2 * i + 1) == SUPERVISOR_EXTERNAL) {
      context = <i32>i;
      break;
    }
  }
  if (context < 0) {
    out.error = where + "no supervisor-mode context for hart " + bootHart.toString();
    return false;
  }
  const need = CONTEXT + 0x1000 * <u64>context + 8;
  if (reg[0].size < need) {
    out.error = where + "reg size 0x" + reg[0].size.toString(16) + " does not reach context " + context.toString();
    return false;
  }
  out.base = reg[0].addr;
  out.size = reg[0].size;
  out.sources = ndev;
  out.context = <u32>context;
  out.error = "";
  return true;
}

export class Plic {
  base: u64 = 0; // virtual
  sources: u32 = 0;
  private enables: u64 = 0;
  private claimReg: u64 = 0;

  constructor(info: PlicInfo, hhdm: u64) {
    this.base = hhdm + info.base;
    this.sources = info.sources;
    this.enables = this.base + ENABLE + 0x80 * <u64>info.context;
    this.claimReg = this.base + CONTEXT + 0x1000 * <u64>info.context + CLAIM;
  }

  // Nothing enabled for our context, and every priority above 0 gets through.
  reset(): void {
    for (let w: u32 = 0; w <= this.sources / 32; w++) store32(this.enables + 4 * <u64>w, 0);
    store32(this.claimReg - CLAIM, 0);
  }

  valid(source: u32): bool {
    return source >= 1 && source <= this.sources;
  }

  private enableWord(source: u32): u64 {
    return this.enables + 4 * <u64>(source / 32);
  }

  enable(source: u32): bool {
    if (!this.valid(source)) return false;
    store32(this.base + PRIORITY + 4 * <u64>source, 1);
    const w = this.enableWord(source);
    store32(w, load32(w) | (1 << (source % 32)));
    return true;
  }

  // A claimed source is disabled only once completed: the PLIC ignores the
  // completion of a source not enabled for the context, which would leave its
  // gateway closed for good.
  disable(source: u32): void {
    if (!this.valid(source)) return;
    if (source == this.inFlight) {
      this.disableAfterComplete = true;
      return;
    }
    const w = this.enableWord(source);
    store32(w, load32(w) & ~(1 << (source % 32)));
  }

  enabled(source: u32): bool {
    return this.valid(source) && (load32(this.enableWord(source)) & (1 << (source % 32))) != 0;
  }

  private inFlight: u32 = 0;
  private disableAfterComplete: bool = false;

  // 0: nothing pending (another hart claimed it, or it went away).
  claim(): u32 {
    this.inFlight = load32(this.claimReg);
    return this.inFlight;
  }

  complete(source: u32): void {
    store32(this.claimReg, source);
    this.inFlight = 0;
    if (this.disableAfterComplete) {
      this.disableAfterComplete = false;
      this.disable(source);
    }
  }
}

// The platform's interrupt controller (hal/platform.ts): the PLIC the device
// tree names, device interrupts going to the boot hart's supervisor context.
export class PlicController implements InterruptController {
  plic: Plic | null = null;
  private line: string = "not set up";

  init(info: BootInfo): bool {
    const p = info.plic;
    if (p.error.length > 0) {
      this.line = "none: " + p.error;
      return false;
    }
    const plic = new Plic(p, info.hhdm);
    plic.reset();
    this.plic = plic;
    this.line =
      "PLIC at 0x" +
      p.base.toString(16) +
      ", sources 1-" +
      p.sources.toString() +
      ", context " +
      p.context.toString() +
      " (hart " +
      info.bootHart.toString() +
      " S-mode)";
    return true;
  }
  summary(): string {
    return this.line;
  }
  enable(irq: u32): bool {
    return this.plic !== null && this.plic!.enable(irq);
  }
  disable(irq: u32): void {
    if (this.plic !== null) this.plic!.disable(irq);
  }
  enabled(irq: u32): bool {
    return this.plic !== null && this.plic!.enabled(irq);
  }
  claim(cause: u32): u32 {
    if (this.plic === null) return NO_IRQ;
    const source = this.plic!.claim();
    return source != 0 ? source : NO_IRQ;
  }
  complete(irq: u32): void {
    if (this.plic !== null && irq != NO_IRQ) this.plic!.complete(irq);
  }
}
