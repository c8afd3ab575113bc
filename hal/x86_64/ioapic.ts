// One I/O APIC (Intel 82093AA and its successors in every PC chipset): its
// inputs ("pins") raise the vector their redirection entry names on the local
// APIC it names. Registers are reached indirectly: write the index to IOREGSEL,
// then read or write IOWIN.
import { load32, store32 } from "../memory";

const IOREGSEL: u64 = 0x00;
const IOWIN: u64 = 0x10;
const REG_VERSION: u32 = 0x01;
const REG_REDIRECTION: u32 = 0x10; // two registers per pin: low, then high

export const ACTIVE_LOW: u32 = 1 << 13;
export const LEVEL: u32 = 1 << 15;
const MASKED: u32 = 1 << 16;
const MAX_PINS: u32 = 240; // the version register's field is 8 bits; keep a hostile one bounded

export class IoApic {
  base: u64 = 0; // virtual
  gsiBase: u32 = 0; // the GSI of pin 0
  pins: u32 = 0;

  constructor(base: u64, gsiBase: u32) {
    this.base = base;
    this.gsiBase = gsiBase;
    const n = ((this.read(REG_VERSION) >> 16) & 0xff) + 1;
    this.pins = n < MAX_PINS ? n : MAX_PINS;
  }

  private read(reg: u32): u32 {
    store32(this.base + IOREGSEL, reg);
    return load32(this.base + IOWIN);
  }

  private write(reg: u32, v: u32): void {
    store32(this.base + IOREGSEL, reg);
    store32(this.base + IOWIN, v);
  }

  serves(gsi: u32): bool {
    return gsi >= this.gsiBase && gsi - this.gsiBase < this.pins;
  }

  // Whatever the firmware left: every pin masked.
  maskAll(): void {
    for (let pin: u32 = 0; pin < this.pins; pin++) this.mask(pin);
  }

  // Unmask `pin` with fixed delivery, physical destination: `vector` on the
  // local APIC `apicId`. The high half (destination) goes first, so the entry
  // is never live half-written.
  route(pin: u32, vector: u32, apicId: u32, flags: u32): void {
    this.write(REG_REDIRECTION + 2 * pin + 1, apicId << 24);
    this.write(REG_REDIRECTION + 2 * pin, (vector & 0xff) | (flags & (ACTIVE_LOW | LEVEL)));
  }

  mask(pin: u32): void {
    this.write(REG_REDIRECTION + 2 * pin, this.read(REG_REDIRECTION + 2 * pin) | MASKED);
  }

  masked(pin: u32): bool {
    return (this.read(REG_REDIRECTION + 2 * pin) & MASKED) != 0;
  }
}
