// Whole pages inside free heap memory, for the kernel to give back to the frame
// allocator after a collection (it unmaps them; a later touch faults a fresh
// zeroed page in). This walks TLSF's blocks directly, so it depends on the
// layout of AS 0.28.20's ~lib/rt/tlsf.ts (the build pins that version):
//   - ROOT sits at __heap_base rounded up to 16 and is 1572 bytes on wasm32
//     (flMap, 23 slMaps, 23 * 16 list heads, the tail pointer last);
//   - blocks follow it back to back: the first at the next address whose
//     payload is 16-aligned; each is a 4-byte mmInfo (size | LEFTFREE<<1 | FREE)
//     then size bytes; the last is the zero-size tail ROOT points to;
//   - a free block uses its mmInfo, prev and next (the two words after
//     mmInfo) and a back pointer in its last word. TLSF reads nothing else of
//     a free block: it writes a new header there when it splits the block, and
//     hands the rest to an owner who writes before reading (__new zeroes).
import { ROOT } from "~lib/rt/tlsf";
import { BLOCK_OVERHEAD, AL_MASK } from "~lib/rt/common";

// @ts-ignore: decorator
@inline const ROOT_TAIL: usize = 1568; // offset of the tail pointer in ROOT
// @ts-ignore: decorator
@inline const ROOT_SIZE: usize = ROOT_TAIL + 4;
// @ts-ignore: decorator
@inline const FREE_HEAD: usize = BLOCK_OVERHEAD + 8; // mmInfo, prev, next

// Writes [start, end) pairs (u32, page-aligned) of whole pages that lie inside
// the unused interior of free blocks into `out`; returns how many, or -1 if
// more than `max` were found.
export function freePageRuns(out: usize, max: i32, pageSize: usize): i32 {
  const root = changetype<usize>(ROOT);
  if (root == 0) return 0; // nothing allocated yet
  if (pageSize == 0 || (pageSize & (pageSize - 1)) != 0) abort("gc: gcFreePageRuns page size not a power of two");
  const tail = load<usize>(root + ROOT_TAIL);
  let block = ((root + ROOT_SIZE + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
  const mask = pageSize - 1;
  let n = 0;
  while (block < tail) {
    const info = load<usize>(block);
    const size = info & ~3;
    if (info & 1) {
      const lo = (block + FREE_HEAD + mask) & ~mask;
      const hi = (block + size) & ~mask; // block + size is the back pointer
      if (lo < hi) {
        if (n == max) return -1;
        store<u32>(out + <usize>n * 8, lo);
        store<u32>(out + <usize>n * 8, hi, 4);
        n++;
      }
    }
    block += BLOCK_OVERHEAD + size;
  }
  // Landing anywhere but on the tail means the layout is not the one above.
  if (block != tail || load<usize>(tail) & ~3) abort("gc: TLSF heap layout is not AS 0.28.20's");
  return n;
}
