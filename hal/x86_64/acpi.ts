// ACPI, as far as the foundation needs it: find the MADT through the RSDP and
// read the processors, I/O APICs and ISA interrupt overrides it lists. Every
// table's signature, length and checksum are checked before its contents are
// trusted.
import { load8, load16, load32, load64 } from "../memory";
import { setBootError } from "../../boot/bootinfo";

const MAX_TABLE: u32 = 1 << 20;
const MAX_TABLES: u32 = 256;

function checksumOk(addr: u64, len: u32): bool {
  let sum: u32 = 0;
  for (let i: u32 = 0; i < len; i++) sum += load8(addr + i);
  return (sum & 0xff) == 0;
}

function signature(addr: u64): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += String.fromCharCode(load8(addr + i));
  return s;
}

// A checked table header: returns its length, or 0 (with the reason set).
function tableLength(hhdm: u64, phys: u64, want: string): u32 {
  const t = hhdm + phys;
  const len = load32(t + 4);
  if (len < 36 || len > MAX_TABLE) {
    setBootError("acpi: table at 0x" + phys.toString(16) + " has length " + len.toString());
    return 0;
  }
  if (want.length > 0 && signature(t) != want) {
    setBootError("acpi: expected " + want + " at 0x" + phys.toString(16) + ", found '" + signature(t) + "'");
    return 0;
  }
  if (!checksumOk(t, len)) {
    setBootError("acpi: bad checksum in " + signature(t));
    return 0;
  }
  return len;
}

// What the MADT says about interrupts: the I/O APICs (each serving the GSIs
// from gsiBase on) and the ISA interrupt source overrides.
export class MadtIoApic {
  constructor(
    public id: u32,
    public address: u64,
    public gsiBase: u32,
  ) {}
}

// An ISA IRQ that reaches a different GSI, or the same one with other
// electrical settings; flags are the MPS INTI flags (polarity bits 0-1,
// trigger mode bits 2-3; 0 in either means "as the bus says").
export class MadtOverride {
  constructor(
    public isaIrq: u32,
    public gsi: u32,
    public flags: u32,
  ) {}
}

export class Madt {
  found: bool = false; // false: the machine has no MADT (the other fields are empty)
  cpus: i32 = 0; // enabled or online-capable processors
  apicIds: Array<u32> = new Array<u32>(); // their local APIC ids
  ioApics: Array<MadtIoApic> = new Array<MadtIoApic>();
  overrides: Array<MadtOverride> = new Array<MadtOverride>();
}

// Find the MADT through the RSDP and the RSDT/XSDT: a Madt (found = false if
// the root table lists none), or null with the reason set on malformed tables.
export function readMadt(hhdm: u64, rsdpPhys: u64): Madt | null {
  const phys = findTable(hhdm, rsdpPhys, "APIC");
  if (phys == TABLE_ERROR) return null;
  if (phys == 0) return new Madt();
  return parseMadt(hhdm + phys, load32(hhdm + phys + 4));
}

export const TABLE_ERROR: u64 = U64.MAX_VALUE;

// The physical address of the first table with signature `sig` the root
// table lists, its header checked; 0 if none, TABLE_ERROR (with the reason
// set) on malformed tables.
export function findTable(hhdm: u64, rsdpPhys: u64, sig: string): u64 {
  const r = hhdm + rsdpPhys;
  if (load64(r) != 0x2052545020445352) {
    setBootError("acpi: no 'RSD PTR ' signature at 0x" + rsdpPhys.toString(16));
    return TABLE_ERROR;
  }
  if (!checksumOk(r, 20)) {
    setBootError("acpi: bad RSDP checksum");
    return TABLE_ERROR;
  }
  const revision = load8(r + 15);
  let root: u64 = load32(r + 16);
  let entrySize: u32 = 4;
  if (revision >= 2) {
    if (!checksumOk(r, 36)) {
      setBootError("acpi: bad extended RSDP checksum");
      return TABLE_ERROR;
    }
    const xsdt = load64(r + 24);
    if (xsdt != 0) {
      root = xsdt;
      entrySize = 8;
    }
  }
  const rootLen = tableLength(hhdm, root, entrySize == 8 ? "XSDT" : "RSDT");
  if (rootLen == 0) return TABLE_ERROR;
  const n = (rootLen - 36) / entrySize;
  if (n > MAX_TABLES) {
    setBootError("acpi: root table lists " + n.toString() + " tables");
    return TABLE_ERROR;
  }
  for (let i: u32 = 0; i < n; i++) {
    const e = hhdm + root + 36 + <u64>(i * entrySize);
    const phys: u64 = entrySize == 8 ? load64(e) : <u64>load32(e);
    if (phys == 0 || signature(hhdm + phys) != sig) continue;
    return tableLength(hhdm, phys, sig) == 0 ? TABLE_ERROR : phys;
  }
  return 0;
}

// The HPET's register block from the ACPI `HPET` table (IA-PC HPET
// specification 1.0a, table 3): its base address, a generic address
// structure at offset 40 that must be in memory space (id 0). 0 if the table
// is missing or says otherwise; TABLE_ERROR on malformed tables.
export function hpetBase(hhdm: u64, rsdpPhys: u64): u64 {
  const phys = findTable(hhdm, rsdpPhys, "HPET");
  if (phys == 0 || phys == TABLE_ERROR) return phys;
  const t = hhdm + phys;
  if (load32(t + 4) < 56) {
    setBootError("acpi: HPET table too short");
    return TABLE_ERROR;
  }
  if (load8(t + 40) != 0) {
    setBootError("acpi: HPET not in memory space");
    return TABLE_ERROR;
  }
  return load64(t + 44);
}

// Processors in the MADT that are enabled or can be brought online; 0 if there
// is no MADT, -1 on malformed tables.
export function countCpusFromAcpi(hhdm: u64, rsdpPhys: u64): i32 {
  const m = readMadt(hhdm, rsdpPhys);
  return m === null ? -1 : m.cpus;
}

// Entries: 0 local APIC, 1 I/O APIC, 2 interrupt source override, 9 local
// x2APIC. Each is bounded by its own length and the table's.
function parseMadt(madt: u64, len: u32): Madt | null {
  const m = new Madt();
  m.found = true;
  let off: u32 = 44; // header + local APIC address + flags
  while (off + 2 <= len) {
    const e = madt + off;
    const type = load8(e);
    const elen = load8(e + 1);
    if (elen < 2 || elen > len - off) {
      setBootError("acpi: MADT entry at offset " + off.toString() + " has length " + elen.toString());
      return null;
    }
    const short = (type == 0 && elen < 8) || (type == 1 && elen < 12) || (type == 2 && elen < 10) || (type == 9 && elen < 16);
    if (short) {
      setBootError(
        "acpi: MADT entry of type " + type.toString() + " at offset " + off.toString() + " is " + elen.toString() + " bytes, too short",
      );
      return null;
    }
    if (type == 0 && (load32(e + 4) & 3) != 0) {
      m.cpus++;
      m.apicIds.push(load8(e + 3));
    } else if (type == 9 && (load32(e + 8) & 3) != 0) {
      m.cpus++;
      m.apicIds.push(load32(e + 4));
    } else if (type == 1) m.ioApics.push(new MadtIoApic(load8(e + 2), load32(e + 4), load32(e + 8)));
    else if (type == 2 && load8(e + 2) == 0) m.overrides.push(new MadtOverride(load8(e + 3), load32(e + 4), load16(e + 8)));
    off += elen;
  }
  return m;
}
