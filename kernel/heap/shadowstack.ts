// Each kernel thread's shadow stack: the part of its frames the compiler keeps
// in linear memory (every managed local, so the collector sees them; see
// docs/heap.md). The boot thread uses the compiler's own region below
// __heap_base; every other thread gets SIZE bytes from the heap, above a page
// the kernel unmaps, so running off the bottom faults (and is named) instead
// of overwriting the next heap block. asc's own overflow check compares only
// against __data_end, which protects the boot thread's region alone.
import { makeGuard, dropGuard } from "./window";

const SIZE: usize = 8192;
const PAGE: usize = 4096;

export class ShadowStack {
  constructor(
    public block: usize,
    public guard: usize,
    public top: usize,
  ) {}
}

// null if the heap has no room or no guard slot is left.
export function allocShadowStack(): ShadowStack | null {
  const block = heap.alloc(SIZE + 2 * PAGE);
  if (block == 0) return null;
  const guard = (block + PAGE - 1) & ~(PAGE - 1);
  if (!makeGuard(guard)) {
    heap.free(block);
    return null;
  }
  return new ShadowStack(block, guard, guard + PAGE + SIZE);
}

export function freeShadowStack(s: ShadowStack): void {
  dropGuard(s.guard);
  heap.free(s.block);
}
