// A cell's address space: its own root (the kernel's half shared, see
// kernel/mm/pagetable.ts), the image, a stack under a guard, and what the cell
// maps itself (the layout is abi/memory.ts). Every user mapping is recorded here, so
// unmapping and a dying cell give back exactly the frames the cell held.
import { PageTable, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_USER, createUserRoot, freeUserRoot, pageTableError } from "../mm/pagetable";
import { FRAME } from "../mm/frames";
import { fillBytes } from "../../hal/memory";
import { tlbShootdown } from "../../hal/mmu";
import { E_INVAL, E_NOMEM, E_BUSY, E_FULL } from "../../abi/errors";
import { MemoryObject } from "../object/memory";
import { MAP_BASE, MAP_END } from "../../abi/memory";

const MAX_MAPPINGS: i32 = 512;

export class Mapping {
  frames: Array<u64> = new Array<u64>(); // owned frames (anonymous, image, stack)
  device: bool = false; // device registers (mapDevice): nothing owned, not for the kernel to copy through
  constructor(
    public va: u64,
    public pages: u64,
    public prot: u32,
    public object: MemoryObject | null,
  ) {}
  get end(): u64 {
    return this.va + this.pages * FRAME;
  }
}

export let spaceError: string = "";

export class AddressSpace {
  mappings: Array<Mapping> = new Array<Mapping>();
  ownedPages: u64 = 0; // frames this space holds on its own (against the quota)
  deviceMappings: i32 = 0; // how many of the mappings are device registers
  constructor(
    public pt: PageTable,
    public quota: u64,
  ) {}

  static create(kernel: PageTable, quota: u64): AddressSpace | null {
    const pt = createUserRoot(kernel);
    if (pt === null) {
      spaceError = pageTableError;
      return null;
    }
    return new AddressSpace(pt, quota);
  }

  get root(): u64 {
    return this.pt.root;
  }

  private overlaps(va: u64, end: u64): bool {
    for (let i = 0; i < this.mappings.length; i++) {
      const m = unchecked(this.mappings[i]);
      if (va < m.end && m.va < end) return true;
    }
    return false;
  }

  // Map `pages` fresh zeroed frames at va (inside [lo, hi)). Returns 0 or an error.
  mapAnon(va: u64, pages: u64, prot: u32, lo: u64, hi: u64): i64 {
    const check = this.checkRange(va, pages, prot, lo, hi);
    if (check != 0) return check;
    if (this.ownedPages + pages > this.quota) return E_NOMEM;
    const m = new Mapping(va, pages, prot, null);
    const frames = this.pt.frames;
    for (let i: u64 = 0; i < pages; i++) {
      const f = frames.alloc();
      if (f == 0 || !this.pt.map(va + i * FRAME, f, prot | PROT_USER)) {
        if (f != 0) frames.free(f);
        this.release(m);
        return E_NOMEM;
      }
      fillBytes(this.pt.hhdm + f, 0, FRAME);
      m.frames.push(f);
      this.ownedPages++;
    }
    this.mappings.push(m);
    return 0;
  }

  // Map a memory object's frames at va, shared with whoever else maps it.
  mapObject(va: u64, obj: MemoryObject, prot: u32): i64 {
    const pages = <u64>obj.frames.length;
    const check = this.checkRange(va, pages, prot, MAP_BASE, MAP_END);
    if (check != 0) return check;
    const m = new Mapping(va, pages, prot, obj);
    for (let i: u64 = 0; i < pages; i++) {
      if (!this.pt.map(va + i * FRAME, obj.frames[<i32>i], prot | PROT_USER)) {
        for (let j: u64 = 0; j < i; j++) this.pt.unmap(va + j * FRAME);
        return E_NOMEM;
      }
    }
    obj.maps++;
    this.mappings.push(m);
    return 0;
  }

  // Map device registers (an MMIO capability's range) at va. The frames are
  // the device's: none is owned, so unmapping frees nothing. The kernel
  // never copies through them (userPhys refuses them).
  mapDevice(va: u64, phys: u64, pages: u64, prot: u32): i64 {
    if ((prot & PROT_EXEC) != 0) return E_INVAL;
    const check = this.checkRange(va, pages, prot, MAP_BASE, MAP_END);
    if (check != 0) return check;
    const m = new Mapping(va, pages, prot, null);
    m.device = true;
    for (let i: u64 = 0; i < pages; i++) {
      if (!this.pt.map(va + i * FRAME, phys + i * FRAME, prot | PROT_USER)) {
        for (let j: u64 = 0; j < i; j++) this.pt.unmap(va + j * FRAME);
        return E_NOMEM;
      }
    }
    this.mappings.push(m);
    this.deviceMappings++;
    return 0;
  }

  private checkRange(va: u64, pages: u64, prot: u32, lo: u64, hi: u64): i64 {
    if (pages == 0 || (va & (FRAME - 1)) != 0) return E_INVAL;
    if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0 || prot == 0) return E_INVAL;
    if ((prot & PROT_WRITE) != 0 && (prot & PROT_EXEC) != 0) return E_INVAL; // W^X
    if (va < lo || va >= hi || pages > (hi - va) / FRAME) return E_INVAL;
    if (this.overlaps(va, va + pages * FRAME)) return E_BUSY;
    if (this.mappings.length >= MAX_MAPPINGS) return E_FULL;
    return 0;
  }

  // Remove the mappings lying wholly in [va, va + pages): 0, or E_INVAL if
  // the range is malformed or holds none.
  unmap(va: u64, pages: u64): i64 {
    if ((va & (FRAME - 1)) != 0 || pages == 0 || va < MAP_BASE || va >= MAP_END || pages > (MAP_END - va) / FRAME) return E_INVAL;
    const end = va + pages * FRAME;
    let found = 0;
    for (let i = this.mappings.length - 1; i >= 0; i--) {
      const m = this.mappings[i];
      if (m.va < va || m.end > end) continue;
      this.release(m);
      this.mappings.splice(i, 1);
      found++;
    }
    return found > 0 ? 0 : E_INVAL;
  }

  // Unmap one mapping and give back what it owned. `flush`: the space may
  // be loaded on some CPU, so its old translations are shot down first.
  private release(m: Mapping, flush: bool = true): void {
    for (let i: u64 = 0; i < m.pages; i++) this.pt.unmap(m.va + i * FRAME);
    if (flush) tlbShootdown(m.va, <u32>min<u64>(m.pages, 0xffff_ffff));
    for (let i = 0; i < m.frames.length; i++) this.pt.frames.free(m.frames[i]);
    this.ownedPages -= <u64>m.frames.length;
    m.frames = new Array<u64>();
    if (m.device) {
      m.device = false;
      this.deviceMappings--;
    }
    const obj = m.object;
    if (obj !== null) {
      obj.maps--;
      obj.maybeFree();
    }
  }

  // The physical address behind user address va, if the cell may access it
  // (write: for writing); else U64.MAX_VALUE.
  userPhys(va: u64, write: bool): u64 {
    if (va >= MAP_END) return U64.MAX_VALUE;
    const prot = this.pt.protection(va);
    if ((prot & PROT_USER) == 0 || (write && (prot & PROT_WRITE) == 0)) return U64.MAX_VALUE;
    if (this.deviceMappings > 0 && this.isDevice(va)) return U64.MAX_VALUE; // a read could have side effects
    return this.pt.translate(va);
  }

  private isDevice(va: u64): bool {
    for (let i = 0; i < this.mappings.length; i++) {
      const m = unchecked(this.mappings[i]);
      if (m.device && va >= m.va && va < m.end) return true;
    }
    return false;
  }

  // Everything goes back: mappings, their frames, the tables. The space must
  // not be in use on any CPU; none holds its translations either, since a
  // CPU that switches root flushes them (so no shootdown per mapping).
  destroy(): void {
    for (let i = this.mappings.length - 1; i >= 0; i--) this.release(this.mappings[i], false);
    this.mappings = new Array<Mapping>();
    freeUserRoot(this.pt);
  }
}
