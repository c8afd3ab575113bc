// Page tables, generic over the architecture's entry format (hal/<arch>/paging.ts):
// a radix tree of 512-entry tables reached through the direct map, tables
// allocated from the frame allocator and zeroed before use. Map, unmap, change
// protection and translate 4 KiB pages; map large pages where the caller asks.
import { load64, store64 } from "../../hal/memory";
import { FrameAllocator, FRAME } from "./frames";
import { PROT_READ, PROT_WRITE, PROT_EXEC } from "../../abi/syscalls";

// Protection, in the architecture-neutral form callers use: what `map` takes
// from a cell (abi/syscalls.ts), and the kernel's own bits above it.
export { PROT_READ, PROT_WRITE, PROT_EXEC };
export const PROT_USER: u32 = 8;
export const PROT_GLOBAL: u32 = 16;

export abstract class PteFormat {
  abstract get levels(): i32; // 4 (x86_64, Sv48) or 3 (Sv39)
  abstract present(pte: u64): bool;
  abstract isLeaf(pte: u64, level: i32): bool; // level 0 = last-level table
  abstract table(phys: u64): u64; // an entry pointing at a table
  abstract leaf(phys: u64, prot: u32, level: i32): u64;
  abstract phys(pte: u64): u64;
  abstract prot(pte: u64): u32;
  // Largest level at which a leaf may sit (1 = 2 MiB, 2 = 1 GiB pages).
  abstract get maxLeafLevel(): i32;

  index(va: u64, level: i32): u64 {
    return (va >> (12 + 9 * <u64>level)) & 511;
  }
  pageSize(level: i32): u64 {
    return FRAME << (9 * <u64>level);
  }
}

export let pageTableError: string = "";

export class PageTable {
  constructor(
    public fmt: PteFormat,
    public root: u64,
    public hhdm: u64,
    public frames: FrameAllocator,
  ) {}

  static create(fmt: PteFormat, hhdm: u64, frames: FrameAllocator): PageTable | null {
    const root = frames.alloc();
    if (root == 0) {
      pageTableError = "pagetable: out of frames for the root table";
      return null;
    }
    zeroFrame(hhdm, root);
    return new PageTable(fmt, root, hhdm, frames);
  }

  private entry(table: u64, va: u64, level: i32): u64 {
    return this.hhdm + table + this.fmt.index(va, level) * 8;
  }

  // The address of the entry for `va` at `level`, creating tables on the way
  // down when `create` is set; 0 if absent or blocked by a larger page.
  private walk(va: u64, level: i32, create: bool): u64 {
    let table = this.root;
    for (let l = this.fmt.levels - 1; l > level; l--) {
      const e = this.entry(table, va, l);
      const pte = load64(e);
      if (!this.fmt.present(pte)) {
        if (!create) return 0;
        const t = this.frames.alloc();
        if (t == 0) {
          pageTableError = "pagetable: out of frames for a table";
          return 0;
        }
        zeroFrame(this.hhdm, t);
        store64(e, this.fmt.table(t));
        table = t;
      } else if (this.fmt.isLeaf(pte, l)) {
        pageTableError = "pagetable: 0x" + va.toString(16) + " lies in a larger page";
        return 0;
      } else {
        table = this.fmt.phys(pte);
      }
    }
    return this.entry(table, va, level);
  }

  // Build the tables down to `va`'s last-level entry without mapping it, so
  // that later maps there allocate nothing (tables are never freed).
  prepare(va: u64): bool {
    return this.walk(va, 0, true) != 0;
  }

  // Map one page of the size `level` gives. Refuses misalignment and remapping.
  map(va: u64, pa: u64, prot: u32, level: i32 = 0): bool {
    const size = this.fmt.pageSize(level);
    if (level > this.fmt.maxLeafLevel) {
      pageTableError = "pagetable: no leaf pages at level " + level.toString();
      return false;
    }
    if (((va | pa) & (size - 1)) != 0) {
      pageTableError = "pagetable: 0x" + va.toString(16) + " -> 0x" + pa.toString(16) + " not aligned to 0x" + size.toString(16);
      return false;
    }
    const e = this.walk(va, level, true);
    if (e == 0) return false;
    if (this.fmt.present(load64(e))) {
      pageTableError = "pagetable: 0x" + va.toString(16) + " is already mapped";
      return false;
    }
    store64(e, this.fmt.leaf(pa, prot, level));
    return true;
  }

  // Map [va, va + size) to [pa, ...) with the largest pages alignment allows.
  mapRange(va: u64, pa: u64, size: u64, prot: u32, maxLevel: i32 = 0): bool {
    let off: u64 = 0;
    while (off < size) {
      let level = min(maxLevel, this.fmt.maxLeafLevel);
      while (level > 0) {
        const ps = this.fmt.pageSize(level);
        if ((((va + off) | (pa + off)) & (ps - 1)) == 0 && size - off >= ps) break;
        level--;
      }
      if (!this.map(va + off, pa + off, prot, level)) return false;
      off += this.fmt.pageSize(level);
    }
    return true;
  }

  // The leaf entry's address and level for `va`, or 0.
  private leafFor(va: u64): u64 {
    let table = this.root;
    for (let l = this.fmt.levels - 1; l >= 0; l--) {
      const e = this.entry(table, va, l);
      const pte = load64(e);
      if (!this.fmt.present(pte)) return 0;
      if (l == 0 || this.fmt.isLeaf(pte, l)) {
        leafLevel = l;
        return e;
      }
      table = this.fmt.phys(pte);
    }
    return 0;
  }

  // Physical address `va` maps to, or -1 (as u64 max) if none.
  translate(va: u64): u64 {
    const e = this.leafFor(va);
    if (e == 0) return U64.MAX_VALUE;
    const size = this.fmt.pageSize(leafLevel);
    return this.fmt.phys(load64(e)) + (va & (size - 1));
  }

  protection(va: u64): u32 {
    const e = this.leafFor(va);
    return e == 0 ? 0 : this.fmt.prot(load64(e));
  }

  // Remove a 4 KiB mapping; returns the frame it mapped, or 0. The caller
  // flushes the TLB (and shoots it down on other CPUs).
  unmap(va: u64): u64 {
    const e = this.leafFor(va);
    if (e == 0 || leafLevel != 0) return 0;
    const pa = this.fmt.phys(load64(e));
    store64(e, 0);
    return pa;
  }

  protect(va: u64, prot: u32): bool {
    const e = this.leafFor(va);
    if (e == 0) {
      pageTableError = "pagetable: 0x" + va.toString(16) + " is not mapped";
      return false;
    }
    store64(e, this.fmt.leaf(this.fmt.phys(load64(e)), prot, leafLevel));
    return true;
  }
}

// Address spaces of cells (kernel/cell/addrspace.ts) share the kernel's half:
// the top-level entries from HALF up point at the same tables in every root.
// The kernel makes all of them exist at boot (fillKernelHalf), so a mapping
// the kernel adds later lands in a shared table and every space sees it.
const HALF: u64 = 256;

export function fillKernelHalf(pt: PageTable): bool {
  for (let i = HALF; i < 512; i++) {
    const e = pt.hhdm + pt.root + i * 8;
    if (pt.fmt.present(load64(e))) continue;
    const t = pt.frames.alloc();
    if (t == 0) {
      pageTableError = "pagetable: out of frames for the kernel's shared tables";
      return false;
    }
    zeroFrame(pt.hhdm, t);
    store64(e, pt.fmt.table(t));
  }
  return true;
}

// A new root whose upper half is the kernel's and whose lower half is empty.
export function createUserRoot(kernel: PageTable): PageTable | null {
  const pt = PageTable.create(kernel.fmt, kernel.hhdm, kernel.frames);
  if (pt === null) return null;
  for (let i = HALF; i < 512; i++) store64(pt.hhdm + pt.root + i * 8, load64(kernel.hhdm + kernel.root + i * 8));
  return pt;
}

// Free the tables of a user root's lower half and the root itself (the
// frames its leaves map belong to whoever mapped them).
export function freeUserRoot(pt: PageTable): void {
  const top = pt.fmt.levels - 1;
  for (let i: u64 = 0; i < HALF; i++) freeTables(pt, pt.root, i, top);
  pt.frames.free(pt.root);
}

function freeTables(pt: PageTable, table: u64, index: u64, level: i32): void {
  const pte = load64(pt.hhdm + table + index * 8);
  if (!pt.fmt.present(pte) || level == 0 || pt.fmt.isLeaf(pte, level)) return;
  const child = pt.fmt.phys(pte);
  for (let i: u64 = 0; i < 512; i++) freeTables(pt, child, i, level - 1);
  pt.frames.free(child);
}

let leafLevel: i32 = 0; // set by leafFor (no tuples in AssemblyScript)

function zeroFrame(hhdm: u64, pa: u64): void {
  for (let off: u64 = 0; off < FRAME; off += 8) store64(hhdm + pa + off, 0);
}
