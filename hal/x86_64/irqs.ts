// x86_64 device interrupt routing. An IRQ number is a GSI (ACPI's global
// system interrupt: the I/O APICs' inputs, numbered in order). ISA IRQs reach
// GSIs through the MADT's source overrides; without a MADT the machine is taken
// to be the standard PC: one I/O APIC at 0xfec00000 with ISA IRQ n on pin n.
// An enabled GSI takes one of the vectors 48..79 (above the timer's 32, clear
// of the IPIs from 0xf0 and the spurious 0xff; hal/x86_64/trap.S has their
// stubs) and goes to the boot CPU only: SMP routing comes later.
import { BootInfo, NO_IRQ } from "../../boot/bootinfo";
import { InterruptController } from "../platform";
import { Madt, MadtOverride } from "./acpi";
import { IoApic, ACTIVE_LOW, LEVEL } from "./ioapic";
import { Lapic } from "./lapic";

export const FIRST_VECTOR: u32 = 48;
const VECTORS: u32 = 32;
const STANDARD_IOAPIC: u64 = 0xfec00000;
const ISA_IRQS: u32 = 16;

// MPS INTI flags to redirection-entry bits. "As the bus says" is active high,
// edge for ISA; active low, level for PCI (every GSI that is not ISA).
export function electrical(flags: u32, isa: bool): u32 {
  const polarity = flags & 3,
    trigger = (flags >> 2) & 3;
  let bits: u32 = 0;
  if (polarity == 3 || (polarity == 0 && !isa)) bits |= ACTIVE_LOW;
  if (trigger == 3 || (trigger == 0 && !isa)) bits |= LEVEL;
  return bits;
}

// The GSI an ISA IRQ arrives on: its override, else the same number.
export function isaGsi(madt: Madt | null, isaIrq: u32): u32 {
  if (madt !== null) {
    for (let i = 0; i < madt.overrides.length; i++) {
      if (madt.overrides[i].isaIrq == isaIrq) return madt.overrides[i].gsi;
    }
  }
  return isaIrq;
}

export class IrqRouting implements InterruptController {
  ioApics: Array<IoApic> = new Array<IoApic>();
  overrides: Array<MadtOverride> = new Array<MadtOverride>();
  vectorGsi: StaticArray<u32> = new StaticArray<u32>(VECTORS);
  apicId: u32 = 0;
  private line: string = "not set up";

  // `madt` is ACPI's, if there is one; `lapic` is the boot CPU's, which the
  // interrupts go to and which takes their EOIs.
  constructor(
    public madt: Madt | null,
    public lapic: Lapic,
  ) {}

  summary(): string {
    return this.line;
  }

  init(info: BootInfo): bool {
    const madt = this.madt,
      hhdm = info.hhdm;
    const apicId = this.lapic.id();
    this.apicId = apicId;
    for (let i: u32 = 0; i < VECTORS; i++) this.vectorGsi[i] = NO_IRQ;
    let how = "";
    if (madt !== null && madt.found && madt.ioApics.length > 0) {
      for (let i = 0; i < madt.ioApics.length; i++) {
        const a = madt.ioApics[i];
        this.ioApics.push(new IoApic(hhdm + a.address, a.gsiBase));
        how += (i > 0 ? ", " : "") + "I/O APIC " + a.id.toString() + " at 0x" + a.address.toString(16);
      }
    } else {
      this.ioApics.push(new IoApic(hhdm + STANDARD_IOAPIC, 0));
      how = (madt !== null && madt.found ? "no I/O APIC in the MADT" : "no MADT") + ": assuming the standard I/O APIC at 0xfec00000";
    }
    if (madt !== null) this.overrides = madt.overrides;
    how += ", " + this.overrides.length.toString() + " ISA overrides";
    let gsis: u32 = 0;
    for (let i = 0; i < this.ioApics.length; i++) {
      const a = this.ioApics[i];
      a.maskAll();
      const end = a.gsiBase + a.pins;
      if (end > gsis) gsis = end;
    }
    this.line =
      how +
      "; GSIs 0-" +
      (gsis - 1).toString() +
      " on vectors " +
      FIRST_VECTOR.toString() +
      "-" +
      (FIRST_VECTOR + VECTORS - 1).toString() +
      " to APIC id " +
      apicId.toString();
    return true;
  }

  private ioApicFor(gsi: u32): IoApic | null {
    for (let i = 0; i < this.ioApics.length; i++) {
      if (this.ioApics[i].serves(gsi)) return this.ioApics[i];
    }
    return null;
  }

  // Polarity and trigger: the override that names this GSI, else ISA's
  // defaults for the 16 legacy GSIs and PCI's for the rest.
  private flags(gsi: u32): u32 {
    for (let i = 0; i < this.overrides.length; i++) {
      if (this.overrides[i].gsi == gsi) return electrical(this.overrides[i].flags, true);
    }
    return electrical(0, gsi < ISA_IRQS);
  }

  // A GSI keeps its vector once given one: 32 are plenty until drivers
  // come and go.
  private vectorSlot(gsi: u32): i32 {
    let free: i32 = -1;
    for (let i: u32 = 0; i < VECTORS; i++) {
      if (this.vectorGsi[i] == gsi) return <i32>i;
      if (free < 0 && this.vectorGsi[i] == NO_IRQ) free = <i32>i;
    }
    if (free >= 0) this.vectorGsi[free] = gsi;
    return free;
  }

  enable(gsi: u32): bool {
    const a = this.ioApicFor(gsi);
    if (a === null) return false;
    const slot = this.vectorSlot(gsi);
    if (slot < 0) return false;
    a.route(gsi - a.gsiBase, FIRST_VECTOR + <u32>slot, this.apicId, this.flags(gsi));
    return true;
  }

  disable(gsi: u32): void {
    const a = this.ioApicFor(gsi);
    if (a !== null) a.mask(gsi - a.gsiBase);
  }

  enabled(gsi: u32): bool {
    const a = this.ioApicFor(gsi);
    return a !== null && !a.masked(gsi - a.gsiBase);
  }

  // The GSI behind a vector the local APIC delivered.
  claim(vector: u32): u32 {
    const slot = vector - FIRST_VECTOR; // wraps for vectors below: out of range
    return slot < VECTORS ? this.vectorGsi[slot] : NO_IRQ;
  }

  complete(gsi: u32): void {
    this.lapic.eoi();
  }
}
