// The kernel heap's window of addresses: the TS linear memory. Its first
// pages are the kernel image's last section (linker.ld); past boot it grows
// into the addresses after the image, and a page there gets a zeroed frame
// the first time it is touched (faultIn, from the page-fault handler). After
// a collection, whole free pages go back to the frame allocator (trim), and
// the page-fault handler gives them a fresh frame if the heap uses them
// again. Unmapped pages inside blocks (thread shadow-stack guards) are named
// here too, so the handler never "fixes" an overflow into one.
import { FrameAllocator, FRAME } from "../mm/frames";
import { PageTable, PROT_READ, PROT_WRITE, PROT_GLOBAL } from "../mm/pagetable";
import { gcFreePageRuns } from "./gc";
import { linearMemoryBase, linearMemorySize, linearMemoryImageBytes, linearMemoryMax } from "../../hal/layout";
import { store64 } from "../../hal/memory";
import { tlbShootdown } from "../../hal/mmu";

let frames: FrameAllocator | null = null;
let pt: PageTable | null = null;
let hhdm: u64 = 0;
let base: u64 = 0; // the window's virtual address
let imageEnd: u64 = 0; // end of the part inside the kernel image
let imageToPhys: u64 = 0; // physical - virtual, for the image part
// Frames mapped in the window beyond the image, now (the leak check adds them
// back: they belong to the heap, not to whatever the suite leaked).
export let heapFrames: u64 = 0;

const MAX_GUARDS = 256;
let guards = new StaticArray<u64>(0); // page addresses; 0 = unused

export function initHeapWindow(f: FrameAllocator, table: PageTable, directMap: u64, kernelPhys: u64, kernelVirt: u64): void {
  frames = f;
  pt = table;
  hhdm = directMap;
  base = linearMemoryBase();
  imageEnd = base + linearMemoryImageBytes();
  imageToPhys = kernelPhys - kernelVirt;
  guards = new StaticArray<u64>(MAX_GUARDS);
  // The page tables for the whole window, now: a fault then needs one frame
  // and no table, and the tables (kept, as tables are) are not mistaken for
  // a leak. 128 MiB of window costs 64 leaf tables.
  const end = base + linearMemoryMax();
  for (let va = imageEnd & ~(TABLE_SPAN - 1); va < end; va += TABLE_SPAN) table.prepare(va);
}

const TABLE_SPAN: u64 = 2 << 20; // what one leaf table maps

// From the page-fault handler: must not allocate (see kernel/mm/pagefault.ts).
// True if `addr` is a heap page past the image, now mapped to a zeroed frame.
// A false return leaves `faultError` saying why not: 1 not such a page, 2 no
// frame.
export let faultError: u32 = 0;
export function faultIn(addr: u64): bool {
  const page = addr & ~(FRAME - 1);
  if (page < imageEnd || addr >= base + linearMemorySize() || pt === null || isGuard(page)) {
    faultError = 1;
    return false;
  }
  const frame = frames!.alloc();
  if (frame == 0) {
    faultError = 2;
    return false;
  }
  for (let off: u64 = 0; off < FRAME; off += 8) store64(hhdm + frame + off, 0);
  if (!pt!.map(page, frame, PROT_READ | PROT_WRITE | PROT_GLOBAL)) {
    frames!.free(frame);
    faultError = 1;
    return false;
  }
  heapFrames++;
  return true;
}

export function isGuard(page: u64): bool {
  for (let i = 0; i < MAX_GUARDS; i++) if (unchecked(guards[i]) == page) return true;
  return false;
}

// Unmap the page at wasm address `at` (inside a block its caller owns) and
// name it a guard. Its frame goes back to the allocator, unless it is part of
// the kernel image.
export function makeGuard(at: usize): bool {
  const page = base + <u64>at;
  let slot = -1;
  for (let i = 0; i < MAX_GUARDS && slot < 0; i++) if (guards[i] == 0) slot = i;
  if (slot < 0) return false;
  const frame = pt!.unmap(page);
  tlbShootdown(page, 1);
  if (frame != 0 && page >= imageEnd) {
    frames!.free(frame);
    heapFrames--;
  }
  guards[slot] = page;
  return true;
}

// Undo makeGuard before the block is freed: an image page gets its own frame
// back; a page past the image stays unmapped and faults in when next used.
export function dropGuard(at: usize): void {
  const page = base + <u64>at;
  for (let i = 0; i < MAX_GUARDS; i++) {
    if (guards[i] != page) continue;
    guards[i] = 0;
    if (page < imageEnd) pt!.map(page, page + imageToPhys, PROT_READ | PROT_WRITE | PROT_GLOBAL);
    return;
  }
}

// After a collection: unmap the whole free pages past the image and give their
// frames back, one shootdown per run. Returns how many.
const MAX_RUNS = 512;
const runs = memory.data(MAX_RUNS * 8);
export function trimHeap(): u64 {
  if (pt === null) return 0;
  const n = gcFreePageRuns(runs, MAX_RUNS, <usize>FRAME);
  let released: u64 = 0;
  for (let i = 0; i < n; i++) {
    const end = base + <u64>load<u32>(runs + <usize>i * 8, 4);
    let start = base + <u64>load<u32>(runs + <usize>i * 8);
    if (start < imageEnd) start = imageEnd;
    if (start >= end) continue;
    const firstFree = released;
    for (let page = start; page < end; page += FRAME) {
      const frame = pt!.unmap(page);
      if (frame == 0) continue; // never touched, or trimmed before
      // Free before the shootdown below is safe: no one can take the frame
      // until this CPU lets the kernel lock go, and no other CPU touches the
      // heap without it.
      frames!.free(frame);
      released++;
    }
    if (released > firstFree) tlbShootdown(start, <u32>((end - start) / FRAME));
  }
  heapFrames -= released;
  return released;
}
