// multiboot2 boot information (GRUB), normalised into a BootInfo. The record is
// a u32 total size, a reserved u32, then 8-byte-aligned tags {u32 type, u32 size,
// payload} ending with type 0. Every size is checked against the total before
// anything inside it is read.
import { load32, load64 } from "../../hal/memory";
import { BootInfo, MemRegion, MemKind, BootModule, setBootError } from "../bootinfo";
import { readCString } from "../strings";

const MAX_TOTAL: u32 = 1 << 20;
const MAX_MMAP_ENTRIES: u32 = 512;
const MAX_MODULES: i32 = 64;

const TAG_END: u32 = 0;
const TAG_CMDLINE: u32 = 1;
const TAG_LOADER_NAME: u32 = 2;
const TAG_MODULE: u32 = 3;
const TAG_MMAP: u32 = 6;
const TAG_EFI32: u32 = 11;
const TAG_EFI64: u32 = 12;
const TAG_ACPI_OLD: u32 = 14;
const TAG_ACPI_NEW: u32 = 15;

function e820Kind(t: u32): MemKind {
  if (t == 1) return MemKind.Usable;
  if (t == 3) return MemKind.AcpiReclaimable;
  if (t == 4) return MemKind.AcpiNvs;
  if (t == 5) return MemKind.Bad;
  return MemKind.Reserved;
}

export { e820Kind };

export function parseMultiboot2(info: BootInfo, infoPhys: u64): bool {
  info.protocol = "multiboot2";
  info.firmware = "BIOS";
  if (infoPhys == 0 || (infoPhys & 7) != 0) {
    setBootError("multiboot2: info pointer " + infoPhys.toString() + " is null or misaligned");
    return false;
  }
  const base = info.hhdm + infoPhys;
  const total = load32(base);
  if (total < 16 || total > MAX_TOTAL) {
    setBootError("multiboot2: total size " + total.toString() + " out of range (16.." + MAX_TOTAL.toString() + ")");
    return false;
  }
  let off: u32 = 8;
  let rsdpOld: u64 = 0,
    rsdpNew: u64 = 0;
  let sawEnd = false;
  while (off + 8 <= total) {
    const type = load32(base + off);
    const size = load32(base + off + 4);
    if (size < 8 || size > total - off) {
      setBootError("multiboot2: tag " + type.toString() + " at offset " + off.toString() + " has bad size " + size.toString());
      return false;
    }
    const tag = base + off;
    if (type == TAG_END) {
      sawEnd = true;
      break;
    }
    if (type == TAG_CMDLINE) info.cmdline = readCString(tag + 8, size - 8);
    else if (type == TAG_LOADER_NAME) info.loader = readCString(tag + 8, size - 8);
    else if (type == TAG_MODULE) {
      if (size < 16) {
        setBootError("multiboot2: module tag too small");
        return false;
      }
      if (info.modules.length >= MAX_MODULES) {
        setBootError("multiboot2: more than " + MAX_MODULES.toString() + " modules");
        return false;
      }
      const start = load32(tag + 8),
        end = load32(tag + 12);
      if (end < start) {
        setBootError("multiboot2: module ends before it starts");
        return false;
      }
      info.modules.push(new BootModule(start, end - start, readCString(tag + 16, size - 16)));
    } else if (type == TAG_MMAP) {
      if (size < 16) {
        setBootError("multiboot2: memory map tag too small");
        return false;
      }
      const entrySize = load32(tag + 8);
      if (entrySize < 24 || (entrySize & 7) != 0) {
        setBootError("multiboot2: memory map entry size " + entrySize.toString() + " invalid");
        return false;
      }
      const n = (size - 16) / entrySize;
      if (n > MAX_MMAP_ENTRIES) {
        setBootError("multiboot2: " + n.toString() + " memory map entries (max " + MAX_MMAP_ENTRIES.toString() + ")");
        return false;
      }
      for (let i: u32 = 0; i < n; i++) {
        const e = tag + 16 + <u64>(i * entrySize);
        info.memory.push(new MemRegion(load64(e), load64(e + 8), e820Kind(load32(e + 16))));
      }
    } else if (type == TAG_EFI32 || type == TAG_EFI64) info.firmware = "UEFI";
    else if (type == TAG_ACPI_OLD && size >= 8 + 20) rsdpOld = infoPhys + off + 8;
    else if (type == TAG_ACPI_NEW && size >= 8 + 36) rsdpNew = infoPhys + off + 8;
    off += (size + 7) & ~7;
  }
  if (!sawEnd) {
    setBootError("multiboot2: no end tag within " + total.toString() + " bytes");
    return false;
  }
  if (info.memory.length == 0) {
    setBootError("multiboot2: no memory map tag");
    return false;
  }
  // The RSDP tags hold a copy of the RSDP itself; point at the copy.
  info.rsdp = rsdpNew != 0 ? rsdpNew : rsdpOld;
  info.bootData = infoPhys; // GRUB leaves it in usable RAM; the RSDP copy lives in it
  info.bootDataSize = total;
  return true;
}
