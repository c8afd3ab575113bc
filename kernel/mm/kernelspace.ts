// The kernel's own address space, replacing whatever the loader left: the
// kernel image with per-section rights (text read+execute, rodata read-only,
// data and bss read+write, never executable), no mapping for the guard pages
// (under the boot stack, the TS linear memory and each CPU's exception
// stack: layout.guardPage), and the direct map of
// physical memory (read+write, never executable) at the same offset as
// before, in the largest pages available.
import { BootInfo, MemKind } from "../../boot/bootinfo";
import { FrameAllocator, FRAME } from "./frames";
import { PageTable, PteFormat, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_GLOBAL, pageTableError } from "./pagetable";
import { imageStart, textEnd, rodataStart, dataStart, imageEnd, guardPage } from "../../hal/layout";
import { setPageTable } from "../../hal/mmu";

export let vmError: string = "";
export let kernelPageTable: PageTable | null = null;

const MIN_DIRECT_MAP: u64 = 4 << 30; // device registers live below 4 GiB on both architectures

function isGuardPage(va: u64): bool {
  for (let i: u32 = 0; guardPage(i) != 0; i++) if (guardPage(i) == va) return true;
  return false;
}

export function protFor(va: u64): u32 {
  if (va < textEnd()) return PROT_READ | PROT_EXEC | PROT_GLOBAL;
  if (va < dataStart()) return PROT_READ | PROT_GLOBAL;
  return PROT_READ | PROT_WRITE | PROT_GLOBAL;
}

export function enterKernelAddressSpace(info: BootInfo, fmt: PteFormat, frames: FrameAllocator): bool {
  const pt = PageTable.create(fmt, info.hhdm, frames);
  if (pt === null) {
    vmError = pageTableError;
    return false;
  }
  const start = imageStart();
  const end = imageEnd();

  if (start != info.kernelVirt || end - start != info.kernelSize) {
    vmError = "vm: kernel layout disagrees with the boot info";
    return false;
  }
  if (rodataStart() < textEnd()) {
    vmError = "vm: rodata overlaps text";
    return false;
  }
  for (let va = start; va < end; va += FRAME) {
    if (isGuardPage(va)) continue;
    if (!pt.map(va, info.kernelPhys + (va - start), protFor(va))) {
      vmError = pageTableError;
      return false;
    }
  }
  // Like Limine: RAM and firmware tables, wherever they are; reserved and bad
  // ranges only below 4 GiB (QEMU's PC reserves a range at 1012 GiB, which
  // would cost 4 MiB of tables to map in 2 MiB pages).
  let top = MIN_DIRECT_MAP;
  for (let i = 0; i < info.memory.length; i++) {
    const r = info.memory[i];
    if (r.kind == MemKind.Reserved || r.kind == MemKind.Bad) continue;
    const e = r.base + r.length;
    if (e > top && e >= r.base && e <= (<u64>1) << 46) top = e;
  }
  top = (top + (2 << 20) - 1) & ~(((<u64>2) << 20) - 1);
  if (!pt.mapRange(info.hhdm, 0, top, PROT_READ | PROT_WRITE | PROT_GLOBAL, fmt.maxLeafLevel)) {
    vmError = pageTableError;
    return false;
  }
  setPageTable(pt.root);
  kernelPageTable = pt;
  return true;
}
