// The count of heap operations. Code that runs inside another TS function
// without a call boundary (a page-fault handler) must not touch the heap,
// since it may have interrupted TLSF half-way; it checks that this count did
// not change while it ran. The collector counts __new and __renew; raw
// allocations (heap.alloc, Array#sort's scratch space) reach TLSF's global
// __alloc/__realloc/__free, which asconfig.json's "use" aliases to these
// counting wrappers (asc --use __alloc=__heap_alloc ...).
import { __alloc as tlsfAlloc, __realloc as tlsfRealloc, __free as tlsfFree } from "~lib/rt/tlsf";

export let heapOperations: u32 = 0;

// @ts-ignore: decorator
@global @unsafe
export function __heap_alloc(size: usize): usize {
  heapOperations++;
  return tlsfAlloc(size);
}

// @ts-ignore: decorator
@global @unsafe
export function __heap_realloc(ptr: usize, size: usize): usize {
  heapOperations++;
  return tlsfRealloc(ptr, size);
}

// @ts-ignore: decorator
@global @unsafe
export function __heap_free(ptr: usize): void {
  heapOperations++;
  tlsfFree(ptr);
}
