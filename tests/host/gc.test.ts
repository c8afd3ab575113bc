// The kernel's collector (kernel/rt/) in the host: what a root keeps alive
// survives, everything else goes back to the baseline, collecting at every
// allocation changes nothing a program can see, and the page runs the trim
// walk reports hold nothing TLSF or a live object needs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModule, type Loaded } from "./lib/fakehal.ts";

interface Baseline {
  bytes: number;
  objects: number;
}

function baseline(m: Loaded): Baseline {
  m.exports.collect();
  return { bytes: m.exports.liveBytes(), objects: m.exports.liveObjects() };
}

function assertBack(m: Loaded, base: Baseline): void {
  m.exports.collect();
  assert.equal(m.exports.liveObjects(), base.objects, "live objects back to the baseline");
  assert.equal(m.exports.liveBytes(), base.bytes, "live bytes back to the baseline");
}

const chainSum = (n: number, from: number) => BigInt(n * from + (n * (n - 1)) / 2);

test("a global keeps its objects; garbage and cycles are freed", async () => {
  const m = await loadModule("gc");
  const base = baseline(m);
  m.exports.hold(1000, 0);
  m.exports.garbage(200);
  m.exports.garbageCycles(500);
  m.exports.garbageContainers(50);
  m.exports.collect();
  assert.equal(m.exports.heldSum(), chainSum(1000, 0));
  assert.equal(m.exports.liveObjects(), base.objects + 1000);
  m.exports.drop();
  assertBack(m, base);
  m.exports.garbageCycles(500);
  assertBack(m, base);
});

test("a pinned object keeps what it reaches until unpinned", async () => {
  const m = await loadModule("gc");
  const base = baseline(m);
  const p = m.exports.__pin(m.exports.newChain(100, 5));
  m.exports.garbage(100);
  m.exports.collect();
  m.exports.collect();
  assert.equal(m.exports.chainSum(p), chainSum(100, 5));
  assert.equal(m.exports.liveObjects(), base.objects + 100);
  m.exports.__unpin(p);
  assertBack(m, base);
});

test("static objects are scanned and never freed", async () => {
  const m = await loadModule("gc");
  assert.equal(m.exports.staticsAreStatic(), 1, "the literal arrays are in static memory");
  const base = baseline(m);
  m.exports.fillStatics(50);
  for (let i = 0; i < 5; i++) {
    m.exports.garbage(50);
    m.exports.collect();
  }
  let lengths = 16; // "static-a", "static-b"
  for (let i = 0; i < 50; i++) lengths += `heap-${i}`.length;
  assert.equal(m.exports.staticsSum(), BigInt(lengths) + chainSum(50, 7));
  m.exports.clearStatics();
  m.exports.collect();
  assert.equal(m.exports.staticsSum(), 16n);
  // Growing the static array moved its buffer to the heap: one object more.
  assert.equal(m.exports.liveObjects(), base.objects + 1);
});

test("a local survives collections made deeper down the shadow stack", async () => {
  const m = await loadModule("gc");
  const base = baseline(m);
  assert.equal(m.exports.localSurvives(20), chainSum(20, 100));
  m.exports.setThreshold(0);
  assert.equal(m.exports.localSurvives(20), chainSum(20, 100));
  m.exports.setThreshold(1 << 20);
  assertBack(m, base);
});

test("another thread's shadow stack keeps its objects exactly while registered", async () => {
  const m = await loadModule("gc");
  const base = baseline(m);
  m.exports.useHook(1);
  m.exports.setRegistered(1);
  m.exports.setThreshold(0); // collections while the range is being filled
  m.exports.makeFakeStack(300);
  m.exports.setThreshold(1 << 20);
  m.exports.garbage(100);
  m.exports.collect();
  let want = 0n;
  for (let i = 0; i < 300; i++) if (i % 3 !== 0) want += chainSum(3, i);
  assert.equal(m.exports.fakeStackSum(), want);
  assert.equal(m.exports.liveObjects(), base.objects + 200 * 3);
  m.exports.setRegistered(0);
  assertBack(m, base);
  m.exports.freeFakeStack();
  m.exports.useHook(0);
  assertBack(m, base);
});

test("__renew keeps the object it copies from alive while it allocates", async () => {
  const m = await loadModule("gc");
  m.exports.setThreshold(0);
  assert.equal(m.exports.renewUnrooted(), 1);
});

test("every heap operation is counted", async () => {
  const m = await loadModule("gc");
  const ops = () => m.exports.operations();
  let before = ops();
  m.exports.rawFree(m.exports.rawAlloc(100));
  assert.equal(ops(), before + 2, "heap.alloc and heap.free (raw TLSF calls are counted)");
  before = ops();
  m.exports.newChain(1, 0);
  assert.equal(ops(), before + 1, "one __new");
  before = ops();
  m.exports.collect();
  assert.equal(ops(), before + 1, "a collection");
});

test("misuse aborts with a clear message", async () => {
  const cases: [number, RegExp][] = [
    [0, /gc: gcAddRootRange called outside a collection/],
    [1, /gc: gcAddRootRange with lo > hi/],
    [2, /gc: gcAddRootRange with an address not 4-byte aligned/],
    [3, /gc: more than 256 root ranges/],
    [4, /gc: allocation during a collection/],
  ];
  for (const [kind, msg] of cases) {
    const m = await loadModule("gc");
    assert.throws(() => m.exports.misuse(kind), msg);
  }
  const m = await loadModule("gc");
  const p = m.exports.__pin(m.exports.newChain(1, 0));
  assert.throws(() => m.exports.__pin(p), /gc: __pin of an object already pinned/);
  m.exports.__unpin(p);
  assert.throws(() => m.exports.__unpin(p), /gc: __unpin of an object not pinned/);
});

test("torture: collecting at every allocation changes nothing the workload sees", { timeout: 300_000 }, async () => {
  const STEPS = 1500,
    SEED = 0x2545f491;
  const m = await loadModule("gc");
  const base = baseline(m);
  m.exports.setThreshold(0);
  const c0 = m.exports.collections();
  m.exports.workload(STEPS, SEED);
  assert.ok(m.exports.collections() - c0 > STEPS, "a collection at every allocation");
  assert.equal(m.exports.check(), 0, "every slot holds what was put there");
  const tortured = m.exports.checksum();
  // The same workload never collecting must end with the same data.
  const calm = await loadModule("gc");
  calm.exports.setThreshold(1 << 30);
  calm.exports.workload(STEPS, SEED);
  assert.equal(calm.exports.check(), 0);
  assert.equal(calm.exports.checksum(), tortured);
  m.exports.setThreshold(1 << 20);
  m.exports.clearWorkload();
  assertBack(m, base);
});

// TLSF's free blocks, walked here independently of kernel/rt/trim.ts: the
// bytes of each that TLSF does not use (after mmInfo, prev, next; before the
// back pointer in the last word).
function freeInteriors(m: Loaded): [number, number][] {
  const dv = new DataView(m.exports.memory.buffer);
  const root = (m.exports.heapBase() + 15) & ~15;
  const tail = dv.getUint32(root + 1568, true);
  const out: [number, number][] = [];
  let b = ((root + 1572 + 4 + 15) & ~15) - 4;
  while (b < tail) {
    const info = dv.getUint32(b, true),
      size = info & ~3;
    if (info & 1) out.push([b + 12, b + size]);
    b += 4 + size;
  }
  assert.equal(b, tail, "the walk ends on TLSF's tail block");
  return out;
}

test("free page runs hold no live data or TLSF metadata, and TLSF never reads them", { timeout: 300_000 }, async () => {
  const m = await loadModule("gc");
  const MAX = 1024,
    out = m.exports.rawAlloc(MAX * 8);
  let pages = 0;
  for (let round = 0; round < 40; round++) {
    m.exports.workload(300, 1 + round);
    if (round % 10 === 9) m.exports.clearWorkload(); // leaves large free blocks
    m.exports.collect();
    const n = m.exports.freePageRuns(out, MAX);
    assert.ok(n >= 0);
    const dv = new DataView(m.exports.memory.buffer);
    const interiors = freeInteriors(m);
    for (let i = 0; i < n; i++) {
      const lo = dv.getUint32(out + i * 8, true),
        hi = dv.getUint32(out + i * 8 + 4, true);
      assert.ok(lo < hi && lo % 4096 === 0 && hi % 4096 === 0, `run ${lo}-${hi} is whole pages`);
      assert.ok(
        interiors.some(([a, b]) => a <= lo && hi <= b),
        `run ${lo}-${hi} is inside one free block's unused bytes`,
      );
      new Uint8Array(m.exports.memory.buffer, lo, hi - lo).fill(0xaa);
      pages += (hi - lo) / 4096;
    }
    assert.equal(m.exports.check(), 0, `round ${round}: live data intact`);
  }
  assert.ok(pages > 100, `the workload freed whole pages (${pages})`);
  // A free block whose links start a page: that page stays.
  const page = m.exports.freeBlockAtPageStart();
  assert.ok(page !== 0, "TLSF split the block where planned");
  const n = m.exports.freePageRuns(out, MAX);
  const dv = new DataView(m.exports.memory.buffer);
  const runs = Array.from({ length: n }, (_, i) => [dv.getUint32(out + i * 8, true), dv.getUint32(out + i * 8 + 4, true)]);
  assert.ok(!runs.some(([lo, hi]) => lo <= page && page < hi), "the page holding prev/next is not given back");
  assert.ok(
    runs.some(([lo]) => lo === page + 4096),
    "the pages after it are",
  );
  assert.equal(m.exports.freePageRuns(out, 0) <= 0, true, "max too small gives -1 (or there was nothing)");
});
