// The kernel's view of its heap and collector. The runtime (kernel/heap/rt/) is an
// ordinary module the compiler also builds as the runtime, so these are plain
// calls into it, with the statistics read from its globals.
import * as alloc from "./rt/alloc";
import * as collector from "./rt/collector";
import * as roots from "./rt/roots";
import * as trim from "./rt/trim";

// Called at the start of every collection; it must call gcAddRootRange once
// per live thread and must not allocate. null: the boot thread's shadow stack
// ([__stack_pointer, __heap_base)) is the only range.
export function gcSetRootsHook(fn: (() => void) | null): void {
  roots.setRootsHook(fn);
}

// [lo, hi): the live part of one thread's shadow stack, wasm addresses,
// 4-byte aligned. Only from inside the roots hook.
export function gcAddRootRange(lo: usize, hi: usize): void {
  roots.addRootRange(lo, hi);
}

export function gcCollect(): void {
  collector.collect();
}

// Collect when this many bytes were allocated since the last collection; 0
// collects at every allocation (a torture mode for tests).
export function gcSetThreshold(bytes: usize): void {
  collector.setThreshold(bytes);
}

export function gcLiveBytes(): usize {
  return collector.liveBytes;
}
export function gcLiveObjects(): u32 {
  return collector.liveObjects;
}
export function gcCollections(): u32 {
  return collector.collections;
}

// Heap operations since boot: every __new, __renew, __alloc, __realloc,
// __free and collection. Code that runs inside another TS function without a
// call boundary (a page-fault handler) checks that it did not change.
export function gcAllocations(): u32 {
  return alloc.heapOperations;
}

// After a collection: whole pages of free heap memory as (start, end) u32
// pairs at `out`; the count, or -1 if more than `max`.
export function gcFreePageRuns(out: usize, max: i32, pageSize: usize): i32 {
  return trim.freePageRuns(out, max, pageSize);
}
