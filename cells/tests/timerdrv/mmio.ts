// 32-bit register access, one load or store each: the runtime's acquire and
// release accesses (cells/rt), which the compiler neither merges, splits nor
// moves past one another, as device registers need.
import { loadAcquire, storeRelease } from "../../lib/sys";

export function load(a: usize): u32 {
  return loadAcquire(a);
}
export function store(a: usize, v: u32): void {
  storeRelease(a, v);
}
