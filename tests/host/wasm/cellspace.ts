// Host-test entry for a cell's address space and the kernel's user-memory
// copies, over fake RAM with the x86_64 entry format (hhdm 0).
import { MemRegion, MemKind } from "../../../boot/bootinfo";
import { FrameAllocator, Span } from "../../../kernel/mm/frames";
import { PageTable, fillKernelHalf, PROT_READ, PROT_WRITE, PROT_EXEC } from "../../../kernel/mm/pagetable";
import { X86Pte } from "../../../hal/x86_64/paging";
import { AddressSpace } from "../../../kernel/cell/addrspace";
import { MAP_BASE, MAP_END } from "../../../abi/memory";
import { MemoryObject } from "../../../kernel/object/memory";
import { copyFromUser, copyToUser, userRangeOk } from "../../../kernel/cell/uaccess";

let frames: FrameAllocator | null = null;
let kernel: PageTable | null = null;
let space: AddressSpace | null = null;
const buf = new StaticArray<u8>(16384);

export function setup(base: u64, size: u64): bool {
  const map = new Array<MemRegion>();
  map.push(new MemRegion(base, size, MemKind.Usable));
  frames = FrameAllocator.build(map, new Array<Span>());
  kernel = PageTable.create(new X86Pte(), 0, frames!);
  return kernel !== null && fillKernelHalf(kernel!) && kernel!.map(0xffff_ffff_8000_0000, base, PROT_READ);
}

export function create(quota: u64): bool {
  space = AddressSpace.create(kernel!, quota);
  return space !== null;
}

export function freeFrames(): u64 {
  return frames!.freeFrames;
}
export function kernelRoot(): u64 {
  return kernel!.root;
}
export function spaceRoot(): u64 {
  return space!.root;
}
export function owned(): u64 {
  return space!.ownedPages;
}
export function mapAnon(va: u64, pages: u64, prot: u32): i64 {
  return space!.mapAnon(va, pages, prot, MAP_BASE, MAP_END);
}
export function unmap(va: u64, pages: u64): i64 {
  return space!.unmap(va, pages);
}
export function translate(va: u64): u64 {
  return space!.pt.translate(va);
}
export function kernelTranslate(va: u64): u64 {
  return space!.pt.translate(va);
}
export function rangeOk(va: u64, len: u64, write: bool): bool {
  return userRangeOk(space!, va, len, write);
}
export function destroy(): void {
  space!.destroy();
  space = null;
}

// Write `len` bytes of pattern (i * 7 + seed) to va through copyToUser, read
// them back with copyFromUser; "ok", or what failed.
export function roundTrip(va: u64, len: u32, seed: u32): string {
  for (let i: u32 = 0; i < len; i++) unchecked((buf[i] = <u8>(i * 7 + seed)));
  if (!copyToUser(space!, va, changetype<usize>(buf), len)) return "copyToUser refused";
  for (let i: u32 = 0; i < len; i++) unchecked((buf[i] = 0));
  if (!copyFromUser(space!, changetype<usize>(buf), va, len)) return "copyFromUser refused";
  for (let i: u32 = 0; i < len; i++) if (unchecked(buf[i]) != <u8>(i * 7 + seed)) return "byte " + i.toString() + " differs";
  return "ok";
}

export function copyOutOk(va: u64, len: u32): bool {
  return copyToUser(space!, va, changetype<usize>(buf), len);
}
export function copyInOk(va: u64, len: u32): bool {
  return copyFromUser(space!, changetype<usize>(buf), va, len);
}

// A shared memory object mapped into the space.
let obj: MemoryObject | null = null;
// As if one capability named it (the table counts them: kernel/cap/).
export function objectCreate(pages: u64): bool {
  obj = MemoryObject.create(frames!, 0, pages);
  if (obj !== null) obj!.caps = 1;
  return obj !== null;
}
export function objectMap(va: u64, prot: u32): i64 {
  return space!.mapObject(va, obj!, prot);
}
export function objectRelease(): void {
  obj!.caps = 0;
  obj!.destroy();
}
export const READ = PROT_READ,
  WRITE = PROT_WRITE,
  EXEC = PROT_EXEC;
