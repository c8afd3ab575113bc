// The PVH start info (struct hvm_start_info, Xen's public arch-x86/hvm/start_info.h),
// which QEMU's -kernel loader hands a kernel with a PHYS32_ENTRY note. All
// addresses in it are physical.
import { load32, load64 } from "../../hal/memory";
import { BootInfo, MemRegion, BootModule, setBootError } from "../bootinfo";
import { readCString } from "../strings";
import { e820Kind } from "./multiboot2";

const PVH_MAGIC: u32 = 0x336ec578;
const MAX_MMAP_ENTRIES: u32 = 512;
const MAX_MODULES: u32 = 64;

export function parsePvh(info: BootInfo, startInfoPhys: u64): bool {
  info.protocol = "pvh";
  info.firmware = "BIOS";
  info.loader = "qemu pvh";
  if (startInfoPhys == 0) {
    setBootError("pvh: no start info");
    return false;
  }
  const si = info.hhdm + startInfoPhys;
  const magic = load32(si);
  if (magic != PVH_MAGIC) {
    setBootError("pvh: bad start info magic 0x" + magic.toString(16));
    return false;
  }
  const version = load32(si + 4);
  if (version < 1) {
    setBootError("pvh: start info version 0 has no memory map");
    return false;
  }
  const nrModules = load32(si + 12);
  const modlist = load64(si + 16);
  const cmdline = load64(si + 24);
  info.rsdp = load64(si + 32);
  const memmap = load64(si + 40);
  const memmapEntries = load32(si + 48);
  if (cmdline != 0) info.cmdline = readCString(info.hhdm + cmdline, 4096);
  if (nrModules > MAX_MODULES) {
    setBootError("pvh: " + nrModules.toString() + " modules (max " + MAX_MODULES.toString() + ")");
    return false;
  }
  if (nrModules > 0 && modlist == 0) {
    setBootError("pvh: modules without a module list");
    return false;
  }
  for (let i: u32 = 0; i < nrModules; i++) {
    const m = info.hhdm + modlist + <u64>i * 32;
    const mcmd = load64(m + 16);
    info.modules.push(new BootModule(load64(m), load64(m + 8), mcmd != 0 ? readCString(info.hhdm + mcmd, 4096) : ""));
  }
  if (memmapEntries == 0 || memmap == 0) {
    setBootError("pvh: empty memory map");
    return false;
  }
  if (memmapEntries > MAX_MMAP_ENTRIES) {
    setBootError("pvh: " + memmapEntries.toString() + " memory map entries (max " + MAX_MMAP_ENTRIES.toString() + ")");
    return false;
  }
  for (let i: u32 = 0; i < memmapEntries; i++) {
    const e = info.hhdm + memmap + <u64>i * 24;
    info.memory.push(new MemRegion(load64(e), load64(e + 8), e820Kind(load32(e + 16))));
  }
  return true;
}
