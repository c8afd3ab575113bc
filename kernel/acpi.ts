// ACPI, as far as the foundation needs it: find the MADT through the RSDP and
// count the processors it lists. Every table's signature, length and checksum
// are checked before its contents are trusted.
import { load8, load32, load64 } from "../hal/hal";
import { setBootError } from "./bootinfo";

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
  if (len < 36 || len > MAX_TABLE) { setBootError("acpi: table at 0x" + phys.toString(16) + " has length " + len.toString()); return 0; }
  if (want.length > 0 && signature(t) != want) { setBootError("acpi: expected " + want + " at 0x" + phys.toString(16) + ", found '" + signature(t) + "'"); return 0; }
  if (!checksumOk(t, len)) { setBootError("acpi: bad checksum in " + signature(t)); return 0; }
  return len;
}

// Processors in the MADT that are enabled or can be brought online; 0 if there
// is no MADT, -1 on malformed tables.
export function countCpusFromAcpi(hhdm: u64, rsdpPhys: u64): i32 {
  const r = hhdm + rsdpPhys;
  if (load64(r) != 0x2052545020445352) { setBootError("acpi: no 'RSD PTR ' signature at 0x" + rsdpPhys.toString(16)); return -1; }
  if (!checksumOk(r, 20)) { setBootError("acpi: bad RSDP checksum"); return -1; }
  const revision = load8(r + 15);
  let root: u64 = load32(r + 16);
  let entrySize: u32 = 4;
  if (revision >= 2) {
    if (!checksumOk(r, 36)) { setBootError("acpi: bad extended RSDP checksum"); return -1; }
    const xsdt = load64(r + 24);
    if (xsdt != 0) { root = xsdt; entrySize = 8; }
  }
  const rootLen = tableLength(hhdm, root, entrySize == 8 ? "XSDT" : "RSDT");
  if (rootLen == 0) return -1;
  const n = (rootLen - 36) / entrySize;
  if (n > MAX_TABLES) { setBootError("acpi: root table lists " + n.toString() + " tables"); return -1; }
  for (let i: u32 = 0; i < n; i++) {
    const e = hhdm + root + 36 + <u64>(i * entrySize);
    const phys: u64 = entrySize == 8 ? load64(e) : <u64>load32(e);
    if (phys == 0 || signature(hhdm + phys) != "APIC") continue;
    const len = tableLength(hhdm, phys, "APIC");
    if (len == 0) return -1;
    return countMadtCpus(hhdm + phys, len);
  }
  return 0;
}

// The local APIC ids of the processors the last countCpusFromAcpi counted.
export const madtApicIds = new Array<u32>();

function countMadtCpus(madt: u64, len: u32): i32 {
  let cpus = 0;
  madtApicIds.length = 0;
  let off: u32 = 44; // header + local APIC address + flags
  while (off + 2 <= len) {
    const type = load8(madt + off);
    const elen = load8(madt + off + 1);
    if (elen < 2 || elen > len - off) { setBootError("acpi: MADT entry at offset " + off.toString() + " has length " + elen.toString()); return -1; }
    if (type == 0 && elen >= 8 && (load32(madt + off + 4) & 3) != 0) {        // local APIC
      cpus++;
      madtApicIds.push(load8(madt + off + 3));
    } else if (type == 9 && elen >= 16 && (load32(madt + off + 8) & 3) != 0) { // local x2APIC
      cpus++;
      madtApicIds.push(load32(madt + off + 4));
    }
    off += elen;
  }
  return cpus;
}
