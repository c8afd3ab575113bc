// In-kernel tests of the heap and its collector (kernel/heap/rt/). They run on the
// boot thread after the scheduler tests, with no other thread alive, so the
// boot thread's shadow stack is the only one and no roots hook is needed.
import { ktest, fail } from "./runner";
import { dec } from "../console";
import { gcCollect, gcLiveBytes, gcLiveObjects, gcAllocations, gcFreePageRuns } from "../heap/gc";
import { heapFrames, trimHeap } from "../heap/window";
import { FrameAllocator } from "../mm/frames";

let allocator: FrameAllocator | null = null;

class Junk {
  next: Junk | null = null;
  constructor(
    public words: Array<u32>,
    public label: string,
  ) {}
}

// About 400 KB of objects that nothing keeps: rings of 100 (cycles), each
// node with an array and a string. Returns a sum so the work is not optimised away.
function makeGarbage(): u64 {
  let sum: u64 = 0;
  let first: Junk | null = null,
    last: Junk | null = null;
  for (let i = 0; i < 2000; i++) {
    const words = new Array<u32>(32);
    words[31] = <u32>i;
    const j = new Junk(words, "junk " + i.toString());
    sum += <u64>j.label.length + words[31];
    if (first === null) first = j;
    else last!.next = j;
    last = j;
    if (i % 100 == 99) {
      j.next = first; // close the ring and let it go
      first = null;
    }
  }
  return sum;
}

// Filled in a function of its own: a frame keeps whatever its slots last held
// (the array, the last string) until the function returns.
let kept: Array<string> | null = null;
function keepSome(): void {
  const a = new Array<string>();
  for (let i = 0; i < 100; i++) a.push("kept " + i.toString());
  kept = a;
}
function keptIntact(): bool {
  return kept!.length == 100 && kept![99] == "kept 99";
}

function garbageIsCollected(): bool {
  gcCollect();
  const bytes = gcLiveBytes(),
    objects = gcLiveObjects();
  const sum = makeGarbage();
  const peak = gcLiveBytes();
  gcCollect();
  const after = gcLiveBytes(),
    afterObjects = gcLiveObjects();
  if (after != bytes || afterObjects != objects) {
    return fail(
      "live " +
        dec(after) +
        " bytes in " +
        dec(afterObjects) +
        " objects after, " +
        dec(bytes) +
        " in " +
        dec(objects) +
        " before (" +
        dec(peak) +
        " with the garbage, sum " +
        dec(sum) +
        ")",
    );
  }
  // What stays reachable stays, and goes once dropped.
  keepSome();
  makeGarbage();
  gcCollect();
  if (gcLiveBytes() <= bytes || !keptIntact()) return fail("a reachable array was collected");
  kept = null;
  gcCollect();
  if (gcLiveBytes() != bytes) return fail(dec(gcLiveBytes() - bytes) + " bytes left after dropping the array");
  return true;
}

// Raw allocations count too: asconfig.json routes heap.alloc through the runtime.
function operationsCounted(): bool {
  const before = gcAllocations();
  heap.free(heap.alloc(64));
  const n = gcAllocations() - before;
  return n == 2 ? true : fail("heap.alloc and heap.free counted " + dec(n) + " operations, expected 2");
}

const MAX_RUNS = 64;
const runs = memory.data(MAX_RUNS * 8);

// The trim walk finds the kernel's heap laid out as AS 0.28.20's TLSF lays it
// out (it aborts otherwise) and reports whole free pages inside the heap.
function freePagesInHeap(): bool {
  gcCollect();
  const n = gcFreePageRuns(runs, MAX_RUNS, 4096);
  if (n < 0) return fail("more than " + dec(MAX_RUNS) + " free page runs");
  const end = (<usize>memory.size()) << 16;
  for (let i = 0; i < n; i++) {
    const lo = <usize>load<u32>(runs + <usize>i * 8),
      hi = <usize>load<u32>(runs + <usize>i * 8, 4);
    if (lo < __heap_base || hi > end || lo >= hi || ((lo | hi) & 4095) != 0) {
      return fail("run " + dec(lo) + "-" + dec(hi) + " is not whole pages inside the heap");
    }
  }
  return true;
}

// Holds 8 MiB at once, past the 4 MiB the image gives the heap: the window
// grows and the new pages are faulted in. Returns a checksum of what it wrote.
function holdEightMegabytes(): u64 {
  const blocks = new Array<Uint8Array>();
  for (let i = 0; i < 128; i++) {
    const b = new Uint8Array(65536);
    for (let j = 0; j < 65536; j += 4096) b[j] = <u8>(i + j / 4096);
    blocks.push(b);
  }
  let sum: u64 = 0;
  for (let i = 0; i < blocks.length; i++) for (let j = 0; j < 65536; j += 4096) sum += blocks[i][j];
  return sum;
}

function expectedSum(): u64 {
  let sum: u64 = 0;
  for (let i = 0; i < 128; i++) for (let j = 0; j < 16; j++) sum += <u8>(i + j);
  return sum;
}

// The heap takes frames as it grows and gives them back once its garbage is
// collected and trimmed.
function heapGrowsAndGivesBack(): bool {
  settle();
  const free0 = allocator!.freeFrames,
    mapped0 = heapFrames;
  const sum = holdEightMegabytes();
  if (sum != expectedSum()) return fail("read back " + dec(sum) + ", wrote " + dec(expectedSum()));
  const grown = heapFrames - mapped0;
  if (grown < 512) return fail("only " + dec(grown) + " heap pages faulted in for 8 MiB");
  settle();
  // A page or two may hold what was allocated meanwhile (this test's strings).
  if (heapFrames > mapped0 + 4)
    return fail(dec(heapFrames - mapped0) + " of " + dec(grown) + " heap frames kept after collecting and trimming");
  if (allocator!.freeFrames + 4 < free0) return fail(dec(free0 - allocator!.freeFrames) + " frames fewer free than before");
  return true;
}

function settle(): void {
  gcCollect();
  trimHeap();
}

export function registerHeapTests(frames: FrameAllocator): void {
  allocator = frames;
  ktest("heap: it grows past its initial pages through page faults and gives the frames back", heapGrowsAndGivesBack);
  ktest("heap: garbage is collected, what is reachable stays", garbageIsCollected);
  ktest("heap: raw allocations are counted", operationsCounted);
  ktest("heap: free page runs lie inside the heap", freePagesInHeap);
}
