// Where the collector finds the shadow stacks. Each kernel thread has its own
// shadow stack in linear memory; at the start of every collection the kernel's
// hook names the live part of each one with gcAddRootRange(lo, hi). Every word
// in such a range is 0 or a managed pointer (the compiler zero-fills a frame
// on entry and stores only managed values in it), so marking from them is
// precise. The table is static memory: a collection must not allocate.

// One range per thread; the scheduler allows 256 threads (kernel/sched/sched.ts).
// @ts-ignore: decorator
@inline export const MAX_RANGES: i32 = 256;

const table: usize = memory.data(MAX_RANGES * 8); // pairs of u32: lo, hi
let count: i32 = 0;
let open = false; // ranges may be added only while the hook runs
let hook: (() => void) | null = null;

export function setRootsHook(fn: (() => void) | null): void {
  hook = fn;
}

export function addRootRange(lo: usize, hi: usize): void {
  if (!open) abort("gc: gcAddRootRange called outside a collection's roots hook");
  if (lo > hi) abort("gc: gcAddRootRange with lo > hi");
  if (((lo | hi) & 3) != 0) abort("gc: gcAddRootRange with an address not 4-byte aligned");
  if (<u64>hi > (<u64>memory.size()) << 16) abort("gc: gcAddRootRange beyond linear memory");
  if (count == MAX_RANGES) abort("gc: more than 256 root ranges (one per thread)");
  store<u32>(table + <usize>count * 8, lo);
  store<u32>(table + <usize>count * 8, hi, 4);
  count++;
}

// Fills the table for one collection: the hook's ranges, or with no hook the
// boot thread's shadow stack from its current top to where it starts
// (__heap_base: asc puts the primary stack just below the heap).
export function gatherRanges(): i32 {
  count = 0;
  open = true;
  const fn = hook;
  if (fn) fn();
  else addRootRange(__stack_pointer, __heap_base);
  open = false;
  return count;
}

export function rangeLo(i: i32): usize {
  return load<u32>(table + <usize>i * 8);
}
export function rangeHi(i: i32): usize {
  return load<u32>(table + <usize>i * 8, 4);
}
