// The collector: stop-the-world mark and sweep over objects in AS's TLSF heap.
// It runs on the one CPU that holds the big kernel lock, with every other
// thread stopped at a call, where the compiler has stored its managed locals
// in its shadow stack; so a collection may start at any allocation.
//
// The compiler fixes the object header (~lib/rt/common): TLSF's mmInfo, two
// words for the collector, the class id and the payload size, then the payload
// (16-byte aligned, so payload addresses have four free low bits). Ours:
//   gcInfo  "next": payload address of the next heap object in the list of all
//           heap objects (newest first); for a pinned static object, the next
//           in the list of pinned statics.
//   gcInfo2 "mark": bits 0-1 colour, bit 2 pinned, bits 4-31 the payload
//           address of the object under it on the gray stack.
// Colours: 0 = never marked; 1 and 2 take turns as "marked in this
// collection", so nothing needs clearing after a sweep. Static objects (below
// __heap_base: literals, static arrays) are marked and scanned like any other
// but never freed, since they are in no list the sweep walks.
import { OBJECT, BLOCK_OVERHEAD, OBJECT_OVERHEAD, OBJECT_MAXSIZE, TOTAL_OVERHEAD } from "~lib/rt/common";
import { TypeinfoFlags } from "~lib/shared/typeinfo";
import { __alloc as tlsfAlloc, __free as tlsfFree } from "~lib/rt/tlsf";
import { gatherRanges, rangeLo, rangeHi } from "./roots";
import { heapOperations } from "./alloc";

// @ts-ignore: decorator
@inline const COLOUR: u32 = 3;
// @ts-ignore: decorator
@inline const PINNED: u32 = 4;
// @ts-ignore: decorator
@inline const LINK: u32 = ~15;

// Collect once this many bytes were allocated since the last collection. The
// heap then holds at most this much garbage on top of what is live: 1 MiB is
// 1/16 of the 16 MiB linear memory, while the kernel's live heap is ~90 KB,
// so a collection (cost: live objects plus shadow-stack words) comes once per
// about ten times the live heap allocated. A literal, not an expression: asc
// would set that from the start function, after other modules allocated.
let threshold: usize = 0x100000;
let sinceCollect: usize = 0;

export let liveBytes: usize = 0; // TLSF block sizes (header included) of heap objects
export let liveObjects: u32 = 0;
export let collections: u32 = 0;

let objects: usize = 0; // newest heap object; the list chains through gcInfo
let pinnedStatics: usize = 0; // pinned static objects, chained through gcInfo
let pinnedHeap: u32 = 0; // heap objects with the pinned bit
let black: u32 = 1; // the colour of "marked in this collection"
let gray: usize = 0; // marked, members not yet scanned
let collecting = false;
let renewing: usize = 0; // the object __renew copies from: a root while it allocates

// @ts-ignore: decorator
@inline function header(ptr: usize): OBJECT {
  return changetype<OBJECT>(ptr - TOTAL_OVERHEAD);
}

// @ts-ignore: decorator
@inline function blockBytes(obj: OBJECT): usize {
  return BLOCK_OVERHEAD + (obj.mmInfo & ~3);
}

export function setThreshold(bytes: usize): void {
  threshold = bytes;
}

// A new heap object, zeroed: a collection may scan it before its constructor
// has stored every field.
function place(size: usize, id: u32): usize {
  const ptr = tlsfAlloc(OBJECT_OVERHEAD + size) + OBJECT_OVERHEAD;
  const obj = header(ptr);
  obj.gcInfo = <u32>objects;
  obj.gcInfo2 = 0;
  obj.rtId = id;
  obj.rtSize = <u32>size;
  objects = ptr;
  const bytes = blockBytes(obj);
  liveBytes += bytes;
  liveObjects++;
  sinceCollect += bytes;
  memory.fill(ptr, 0, size);
  return ptr;
}

// @ts-ignore: decorator
@global @unsafe
export function __new(size: usize, id: i32): usize {
  if (size > OBJECT_MAXSIZE) abort("gc: object too large");
  if (collecting) abort("gc: allocation during a collection (a roots hook must not allocate)");
  heapOperations++;
  if (sinceCollect >= threshold) collect();
  return place(size, <u32>id);
}

// Grows or shrinks in place when the block has room; otherwise copies into a
// new object and leaves the old one to the collector, because a caller's
// frame may still hold its address (freeing it here would leave a dangling
// root). Static objects are always copied.
// @ts-ignore: decorator
@global @unsafe
export function __renew(oldPtr: usize, size: usize): usize {
  const old = header(oldPtr);
  const oldSize = <usize>old.rtSize;
  if (oldPtr >= __heap_base && size <= (old.mmInfo & ~3) - OBJECT_OVERHEAD) {
    heapOperations++;
    if (size > oldSize) memory.fill(oldPtr + oldSize, 0, size - oldSize);
    old.rtSize = <u32>size;
    return oldPtr;
  }
  renewing = oldPtr;
  const ptr = __new(size, old.rtId);
  renewing = 0;
  memory.copy(ptr, oldPtr, min(size, oldSize));
  return ptr;
}

// No write barrier: a collection never runs interleaved with the program.
// @ts-ignore: decorator
@global @unsafe
export function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void {}

// Called by the compiler's __visit_globals and __visit_members.
// @ts-ignore: decorator
@global @unsafe
export function __visit(ptr: usize, cookie: i32): void {
  mark(ptr);
}

// A pinned object stays, with all it reaches, until unpinned.
// @ts-ignore: decorator
@global @unsafe
export function __pin(ptr: usize): usize {
  if (ptr == 0) return 0;
  const obj = header(ptr);
  if (obj.gcInfo2 & PINNED) abort("gc: __pin of an object already pinned");
  obj.gcInfo2 |= PINNED;
  if (ptr < __heap_base) {
    obj.gcInfo = <u32>pinnedStatics;
    pinnedStatics = ptr;
  } else {
    pinnedHeap++;
  }
  return ptr;
}

// @ts-ignore: decorator
@global @unsafe
export function __unpin(ptr: usize): void {
  if (ptr == 0) return;
  const obj = header(ptr);
  if (!(obj.gcInfo2 & PINNED)) abort("gc: __unpin of an object not pinned");
  obj.gcInfo2 &= ~PINNED;
  if (ptr >= __heap_base) {
    pinnedHeap--;
    return;
  }
  if (pinnedStatics == ptr) {
    pinnedStatics = obj.gcInfo;
  } else {
    let p = pinnedStatics;
    while (<usize>header(p).gcInfo != ptr) p = header(p).gcInfo;
    header(p).gcInfo = obj.gcInfo;
  }
  obj.gcInfo = 0;
}

// @ts-ignore: decorator
@global @unsafe
export function __collect(): void {
  collect();
}

// Cheap checks that catch a bad root (a hook naming the wrong memory) or a
// collector bug before they corrupt the heap. Messages are literals: no
// allocation is possible here.
function check(ptr: usize): void {
  if ((ptr & 15) != 0 || ptr < TOTAL_OVERHEAD || <u64>ptr >= (<u64>memory.size()) << 16) {
    abort("gc: a root or field holds a word that is not a managed pointer");
  }
  if (ptr >= __data_end && ptr < __heap_base) abort("gc: a root or field points into the shadow stack");
  if (ptr >= __heap_base && (header(ptr).mmInfo & 1) != 0) abort("gc: a root or field points to a freed object");
}

function mark(ptr: usize): void {
  if (ptr == 0) return;
  check(ptr);
  const obj = header(ptr);
  const m = obj.gcInfo2;
  if ((m & COLOUR) == black) return;
  const id = obj.rtId;
  // Strings, buffers and other pointer-free objects have no members to scan.
  if (id <= idof<string>() || (__typeinfo(id) & TypeinfoFlags.POINTERFREE) != 0) {
    obj.gcInfo2 = (m & PINNED) | black;
  } else {
    obj.gcInfo2 = (m & PINNED) | black | (<u32>gray);
    gray = ptr;
  }
}

function markFromRanges(): void {
  const n = gatherRanges();
  for (let i = 0; i < n; i++) {
    const hi = rangeHi(i);
    for (let p = rangeLo(i); p < hi; p += sizeof<usize>()) mark(load<usize>(p));
  }
}

function markPinned(): void {
  for (let p = pinnedStatics; p != 0; p = header(p).gcInfo) mark(p);
  if (pinnedHeap == 0) return;
  for (let p = objects; p != 0; p = header(p).gcInfo) {
    if (header(p).gcInfo2 & PINNED) mark(p);
  }
}

function scanGray(): void {
  while (gray != 0) {
    const ptr = gray;
    gray = header(ptr).gcInfo2 & LINK;
    __visit_members(ptr, 0);
  }
}

function sweep(): void {
  let prev: usize = 0;
  let p = objects;
  while (p != 0) {
    const obj = header(p);
    const next = obj.gcInfo;
    if ((obj.gcInfo2 & COLOUR) == black) {
      prev = p;
    } else {
      if (prev != 0) header(prev).gcInfo = next;
      else objects = next;
      liveBytes -= blockBytes(obj);
      liveObjects--;
      tlsfFree(p - OBJECT_OVERHEAD);
    }
    p = next;
  }
}

// A full collection.
export function collect(): void {
  if (collecting) abort("gc: collection started during a collection");
  collecting = true;
  heapOperations++;
  black = 3 - black; // last collection's marks now read as unmarked
  __visit_globals(0);
  mark(renewing);
  markPinned();
  markFromRanges();
  scanGray();
  sweep();
  sinceCollect = 0;
  collections++;
  collecting = false;
}
