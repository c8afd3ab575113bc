// map, unmap, mem_create (docs/syscalls.md).
import { E_INVAL, E_NOMEM } from "../../abi/errors";
import { KIND_MEMORY, KIND_MMIO, R_READ, R_WRITE, R_GRANT } from "../../abi/caps";
import { MmioObject } from "../object/mmio";
import { capError } from "../cap/table";
import { Cell } from "../object/cell";
import { MAP_ANON, PROT_READ, PROT_WRITE, PROT_EXEC } from "../../abi/syscalls";
import { MAP_BASE, MAP_END } from "../../abi/memory";
import { MemoryObject } from "../object/memory";
import { cellFrames, kernelTable } from "../cell/lifecycle";

const MAX_OBJECT_PAGES: u64 = 1024;

export function sysMap(cell: Cell, slot: u64, va: u64, pages: u64, prot: u64): i64 {
  if (prot == 0 || prot > <u64>(PROT_READ | PROT_WRITE | PROT_EXEC)) return E_INVAL;
  const space = cell.space!;
  if (slot == <u64>MAP_ANON) {
    if (pages > space.quota) return E_NOMEM;
    return space.mapAnon(va, pages, <u32>prot, MAP_BASE, MAP_END);
  }
  const any = cell.table.get(<i64>slot);
  if (any !== null && any.kind == KIND_MMIO) {
    // Device registers: READ and/or WRITE as the capability allows, never EXEC.
    const dev = cell.table.lookup(<i64>slot, KIND_MMIO, <u32>prot);
    if (dev === null) return capError;
    const mmio = changetype<MmioObject>(dev.object);
    if (pages != mmio.pages) return E_INVAL;
    return space.mapDevice(va, mmio.base, mmio.pages, <u32>prot);
  }
  const cap = cell.table.lookup(<i64>slot, KIND_MEMORY, <u32>prot);
  if (cap === null) return capError;
  const obj = changetype<MemoryObject>(cap.object);
  if (pages != <u64>obj.frames.length) return E_INVAL;
  return space.mapObject(va, obj, <u32>prot);
}

export function sysUnmap(cell: Cell, va: u64, pages: u64): i64 {
  return cell.space!.unmap(va, pages);
}

export function sysMemCreate(cell: Cell, pages: u64): i64 {
  if (pages == 0 || pages > MAX_OBJECT_PAGES) return E_INVAL;
  const space = cell.space!;
  if (space.ownedPages + cell.objectPages + pages > space.quota) return E_NOMEM;
  const obj = MemoryObject.create(cellFrames(), kernelTable().hhdm, pages);
  if (obj === null) return E_NOMEM;
  const r = cell.table.insertRoot(obj, R_READ | R_WRITE | R_GRANT);
  if (r < 0) {
    obj.destroy();
    return r;
  }
  cell.objectPages += pages;
  return r;
}
