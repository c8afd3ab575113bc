// Kernel page faults, told apart. The one legal kind is the first touch of a
// page of the TS linear memory beyond the image (the kernel heap grows into
// fresh addresses and each page gets a zeroed frame when used); everything
// else is named for the panic: a guard page, an access past the linear
// memory's size, or a kernel bug.
//
// This runs inside whatever TS code faulted, maybe halfway through an
// allocation, so it must not allocate: no strings, no arrays, no `new`. It
// returns a code and the C trap path (hal/<arch>/cpu.c) says the words.
import { FRAME } from "./frames";
import { PROT_READ, PROT_WRITE, PROT_GLOBAL } from "./pagetable";
import { kernelPageTable } from "./vm";
import { frames } from "./main";
import { isStackGuard } from "./sched";
import { linearMemory, kernelLayout, store64, heapGrowable } from "../hal/hal";

export const FAULT_HANDLED: u32 = 1;
export const FAULT_UNKNOWN: u32 = 0;        // no kernel mapping ought to be there: a bug
export const FAULT_BEYOND_HEAP: u32 = 2;    // past the linear memory's current size
export const FAULT_HEAP_GUARD: u32 = 3;     // the page under the linear memory
export const FAULT_STACK_GUARD: u32 = 4;    // under a kernel thread's stack: an overflow
export const FAULT_NO_MEMORY: u32 = 5;      // a heap page, but no frame left for it
export const FAULT_BOOT_STACK_GUARD: u32 = 6;

// Heap pages mapped on first touch since boot (for tests and the log).
export let heapPagesFaultedIn: u64 = 0;
let hhdm: u64 = 0;

export function initPageFaults(directMap: u64): void {
  hhdm = directMap;
  heapGrowable();
}

export function onPageFault(addr: u64, access: u32): u32 {
  const base = linearMemory(0);
  const page = addr & ~(FRAME - 1);
  if (addr >= base + linearMemory(2) && addr < base + linearMemory(1)) {
    const pt = kernelPageTable;
    const f = frames;
    if (pt === null || f === null) return FAULT_UNKNOWN;
    const frame = f.alloc();
    if (frame == 0) return FAULT_NO_MEMORY;
    for (let off: u64 = 0; off < FRAME; off += 8) store64(hhdm + frame + off, 0);
    if (!pt.map(page, frame, PROT_READ | PROT_WRITE | PROT_GLOBAL)) {
      f.free(frame);
      return FAULT_UNKNOWN; // mapped already, yet it faulted: something is wrong
    }
    heapPagesFaultedIn++;
    return FAULT_HANDLED;
  }
  if (addr >= base && addr < base + linearMemory(3)) return FAULT_BEYOND_HEAP;
  if (page == kernelLayout(6)) return FAULT_HEAP_GUARD;
  if (page == kernelLayout(5)) return FAULT_BOOT_STACK_GUARD;
  if (isStackGuard(addr)) return FAULT_STACK_GUARD;
  return FAULT_UNKNOWN;
}
