// Kernel page faults, told apart. The one legal kind is the first touch of a
// page of the kernel heap past the image (kernel/heap/window.ts); everything
// else is named for the panic: a guard page, an access past the linear
// memory's size, or a kernel bug.
//
// This runs inside whatever TS code faulted, maybe halfway through an
// allocation, so it must not allocate: no strings, no arrays, no `new`. It
// checks that it did not (the runtime counts every heap operation) and
// returns a code; the C trap path (hal/common/fault.c) says the words.
import { FRAME } from "./frames";
import { isStackGuard } from "../sched/stack";
import { faultIn, faultError, isGuard } from "../heap/window";
import { gcAllocations } from "../heap/gc";
import {
  linearMemoryBase,
  linearMemorySize,
  linearMemoryImageBytes,
  linearMemoryMax,
  linearMemoryGuard,
  bootStackGuard,
  heapGrowable,
} from "../../hal/layout";
import { cpuIndex } from "../../hal/cpu";
import { MAX_CPUS } from "../cpu/cpu";

export const FAULT_HANDLED: u32 = 1;
export const FAULT_UNKNOWN: u32 = 0; // no kernel mapping ought to be there: a bug
export const FAULT_BEYOND_HEAP: u32 = 2; // past the linear memory's current size
export const FAULT_HEAP_GUARD: u32 = 3; // the page under the linear memory
export const FAULT_STACK_GUARD: u32 = 4; // under a kernel thread's stack: an overflow
export const FAULT_NO_MEMORY: u32 = 5; // a heap page, but no frame left for it
export const FAULT_BOOT_STACK_GUARD: u32 = 6;
export const FAULT_SHADOW_GUARD: u32 = 7; // under a thread's TS shadow stack: an overflow
export const FAULT_HANDLER_ALLOCATED: u32 = 8;

// The heap may grow past its initial pages once this handler is in place.
export function initPageFaults(): bool {
  faultStacks = heap.alloc(FAULT_STACK * MAX_CPUS);
  if (faultStacks == 0 || faultStacks + FAULT_STACK * MAX_CPUS > <usize>linearMemoryImageBytes()) return false;
  heapGrowable();
  return true;
}

// The handler's TS frames go on a shadow stack of their own, in the heap's
// pages inside the image (always mapped), one per CPU: the fault may be the faulting
// thread's shadow stack itself (its first touch of a new page, or an
// overflow into its guard page), where the handler's frames would fault
// again. A fault inside the handler stays on the handler's stack. No managed
// locals here, so this function keeps no shadow frame of its own.
const FAULT_STACK: usize = 2048;
let faultStacks: usize = 0; // above __data_end, or asc's overflow check objects

export function onPageFaultOwnStack(addr: u64): u32 {
  const saved = __stack_pointer;
  const inHandler = saved > faultStacks && saved <= faultStacks + FAULT_STACK * MAX_CPUS;
  if (!inHandler) __stack_pointer = faultStacks + FAULT_STACK * (<usize>cpuIndex() + 1);
  const code = onPageFault(addr);
  __stack_pointer = saved;
  return code;
}

// Which it is, by address alone: the access kind only goes into the message.
export function onPageFault(addr: u64): u32 {
  const before = gcAllocations();
  const code = classify(addr);
  return gcAllocations() == before ? code : FAULT_HANDLER_ALLOCATED;
}

function classify(addr: u64): u32 {
  const base = linearMemoryBase();
  const page = addr & ~(FRAME - 1);
  if (addr >= base && addr < base + linearMemorySize()) {
    if (isGuard(page)) return FAULT_SHADOW_GUARD;
    if (addr < base + linearMemoryImageBytes()) return FAULT_UNKNOWN; // the image's pages are always mapped
    if (faultIn(addr)) return FAULT_HANDLED;
    return faultError == 2 ? FAULT_NO_MEMORY : FAULT_UNKNOWN;
  }
  if (addr >= base && addr < base + linearMemoryMax()) return FAULT_BEYOND_HEAP;
  if (page == linearMemoryGuard()) return FAULT_HEAP_GUARD;
  if (page == bootStackGuard()) return FAULT_BOOT_STACK_GUARD;
  if (isStackGuard(addr)) return FAULT_STACK_GUARD;
  return FAULT_UNKNOWN;
}
