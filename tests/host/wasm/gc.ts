// Host-test entry for the kernel's collector (kernel/rt/): object graphs held
// by globals, pins, static objects and shadow-stack ranges; garbage and
// cycles; a random workload whose checksum must not depend on when, or how
// often, the collector runs; the page-trim walk.
import {
  gcCollect,
  gcSetThreshold,
  gcLiveBytes,
  gcLiveObjects,
  gcCollections,
  gcAllocations,
  gcSetRootsHook,
  gcAddRootRange,
  gcFreePageRuns,
} from "../../../kernel/heap/gc";

class Node {
  next: Node | null = null;
  other: Node | null = null;
  constructor(public value: i32) {}
}

export function collect(): void {
  gcCollect();
}
export function setThreshold(bytes: u32): void {
  gcSetThreshold(bytes);
}
export function liveBytes(): u32 {
  return <u32>gcLiveBytes();
}
export function liveObjects(): u32 {
  return gcLiveObjects();
}
export function collections(): u32 {
  return gcCollections();
}
export function operations(): u32 {
  return gcAllocations();
}
export function heapBase(): u32 {
  return <u32>__heap_base;
}
export function rawAlloc(bytes: u32): u32 {
  return <u32>heap.alloc(bytes);
}
export function rawFree(ptr: u32): void {
  heap.free(ptr);
}

// Nodes valued from, from + 1, ..., built back to front: the partial chain is
// only in a local while the next node is allocated.
function chain(n: i32, from: i32): Node | null {
  let head: Node | null = null;
  for (let i = n - 1; i >= 0; i--) {
    const node = new Node(from + i);
    node.next = head;
    head = node;
  }
  return head;
}

// Sum of a graph that is a chain through `next` with trees hanging off `other`;
// a loop (freed nodes reused by mistake) aborts instead of hanging the test.
let visited = 0;
function sum(n: Node | null): i64 {
  let s: i64 = 0;
  while (n !== null) {
    if (++visited > 10_000_000) abort("test: a node graph loops");
    s += <i64>n.value + sum(n.other);
    n = n.next;
  }
  return s;
}

// ---- roots: a global, a pin, static objects ----------------------------------
let held: Node | null = null;
export function hold(n: i32, from: i32): void {
  held = chain(n, from);
}
export function drop(): void {
  held = null;
}
export function heldSum(): i64 {
  return sum(held);
}

export function newChain(n: i32, from: i32): Node {
  return chain(n, from)!;
}
export function chainSum(n: Node): i64 {
  return sum(n);
}

// Literal arrays of constants are laid out in static memory; storing heap
// objects into them makes static objects point into the heap.
const staticStrings: Array<string> = ["static-a", "static-b"];
const staticNodes: StaticArray<Node | null> = [null, null, null];
export function staticsAreStatic(): bool {
  return changetype<usize>(staticStrings) < __heap_base && changetype<usize>(staticNodes) < __heap_base;
}
export function fillStatics(n: i32): void {
  for (let i = 0; i < n; i++) staticStrings.push("heap-" + i.toString());
  staticNodes[1] = chain(n, 7);
}
export function staticsSum(): i64 {
  let s: i64 = 0;
  for (let i = 0; i < staticStrings.length; i++) s += staticStrings[i].length;
  return s + sum(staticNodes[1]);
}
export function clearStatics(): void {
  staticStrings.length = 2;
  staticNodes[1] = null;
}

// ---- garbage ----------------------------------------------------------------
export function garbage(chains: i32): void {
  for (let i = 0; i < chains; i++) chain(10, i);
}
export function garbageCycles(n: i32): void {
  for (let i = 0; i < n; i++) {
    const a = new Node(1),
      b = new Node(2);
    a.next = b;
    b.next = a;
    b.other = b;
  }
}
export function garbageContainers(n: i32): void {
  for (let i = 0; i < n; i++) {
    const m = new Map<string, Array<Node>>();
    const a = new Array<Node>();
    for (let j = 0; j < 10; j++) a.push(new Node(j));
    m.set("k" + i.toString(), a);
    const s = new Set<string>();
    s.add("v" + i.toString());
  }
}

// A local survives collections made deeper down the stack.
export function localSurvives(depth: i32): i64 {
  const mine = chain(20, 100);
  if (depth > 0) localSurvives(depth - 1);
  garbage(5);
  gcCollect();
  return sum(mine);
}

// ---- a second thread's shadow stack -------------------------------------------
// A range in raw memory holding managed pointers, as another thread's frames
// would; the hook names it beside the boot thread's own stack.
let fakeLo: usize = 0;
let fakeHi: usize = 0;
let registered = false;
function rootsHook(): void {
  gcAddRootRange(__stack_pointer, __heap_base);
  if (registered) gcAddRootRange(fakeLo, fakeHi);
}
export function useHook(on: bool): void {
  gcSetRootsHook(on ? rootsHook : null);
}
export function setRegistered(on: bool): void {
  registered = on;
}
export function makeFakeStack(words: i32): void {
  fakeLo = heap.alloc(<usize>words * 4);
  fakeHi = fakeLo + <usize>words * 4;
  memory.fill(fakeLo, 0, fakeHi - fakeLo); // the hook may run before a word is written
  for (let i = 0; i < words; i++) {
    if (i % 3 != 0) store<usize>(fakeLo + <usize>i * 4, changetype<usize>(chain(3, i)));
  }
}
export function fakeStackSum(): i64 {
  let s: i64 = 0;
  for (let p = fakeLo; p < fakeHi; p += 4) {
    const w = load<usize>(p);
    if (w != 0) s += sum(changetype<Node>(w));
  }
  return s;
}
export function freeFakeStack(): void {
  heap.free(fakeLo);
  fakeLo = fakeHi = 0;
}

// Misuse, each aborting with its own message: 0 names a range outside a
// collection, the others from inside the roots hook.
let badKind = 0;
function badHook(): void {
  if (badKind == 1) gcAddRootRange(64, 32);
  if (badKind == 2) gcAddRootRange(__stack_pointer + 2, __heap_base);
  if (badKind == 3) for (let i = 0; i < 300; i++) gcAddRootRange(__stack_pointer, __heap_base);
  if (badKind == 4) new Node(1);
}
export function misuse(kind: i32): void {
  if (kind == 0) {
    gcAddRootRange(__stack_pointer, __heap_base);
    return;
  }
  badKind = kind;
  gcSetRootsHook(badHook);
  gcCollect();
}

// ---- a random workload ------------------------------------------------------
// Chains, trees, strings in a map, growing arrays and raw blocks in 32 slots.
// What each slot should sum to is recorded in plain memory, not the heap, from
// the values as they were made; check() counts the slots that disagree.
const SLOTS = 32;
let rng: u32 = 1;
function rand(n: u32): u32 {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng % n;
}
let nodes = new Array<Node | null>(SLOTS);
let strs = new Map<i32, string>();
let arrays = new Array<Array<Node>>();
const raws = memory.data(SLOTS * 8); // u32 pointer, u32 size per slot
const expect = memory.data(SLOTS * 4 * 8); // i64 per slot: nodes, strings, arrays, raws
let built: i64 = 0;
let bad = 0;

function want(kind: i32, slot: i32): usize {
  return expect + <usize>(kind * SLOTS + slot) * 8;
}
function add(kind: i32, slot: i32, v: i64): void {
  store<i64>(want(kind, slot), load<i64>(want(kind, slot)) + v);
}

// A tree: the left subtree is only in a local while the right one is built.
function tree(depth: i32): Node {
  const v = <i32>rand(1000);
  built += v;
  const n = new Node(v);
  if (depth > 0) {
    const left = tree(depth - 1);
    n.other = tree(depth - 1);
    n.next = left;
  }
  return n;
}

function text(v: i32): string {
  return "s" + v.toString() + "-" + (v * 3).toString();
}

function fillRaw(p: usize, size: usize, seed: u32): i64 {
  let s: i64 = 0;
  for (let i: usize = 0; i < size; i++) {
    const b = <u8>(seed + <u32>i * 7);
    store<u8>(p + i, b);
    s += b;
  }
  return s;
}
function sumRaw(p: usize, size: usize): i64 {
  let s: i64 = 0;
  for (let i: usize = 0; i < size; i++) s += load<u8>(p + i);
  return s;
}

function rawStep(slot: i32): void {
  const at = raws + <usize>slot * 8;
  const old = <usize>load<u32>(at),
    oldSize = <usize>load<u32>(at, 4);
  const size = <usize>(1 + rand(6000));
  let p: usize;
  if (old != 0 && rand(3) == 0) {
    heap.free(old);
    store<u32>(at, 0);
    store<u32>(at, 0, 4);
    store<i64>(want(3, slot), 0);
    return;
  }
  if (old != 0) {
    const keep = min(oldSize, size),
      before = sumRaw(old, keep);
    p = heap.realloc(old, size);
    if (sumRaw(p, keep) != before) bad++;
  } else {
    p = heap.alloc(size);
  }
  store<u32>(at, <u32>p);
  store<u32>(at, <u32>size, 4);
  store<i64>(want(3, slot), fillRaw(p, size, rand(256)));
}

function step(): void {
  const slot = <i32>rand(SLOTS);
  switch (rand(8)) {
    case 0: {
      const n = <i32>rand(30),
        from = slot * 100;
      nodes[slot] = chain(n, from);
      store<i64>(want(0, slot), <i64>n * from + (<i64>n * (n - 1)) / 2);
      break;
    }
    case 1: {
      const n = new Node(<i32>rand(1000));
      n.next = nodes[slot];
      nodes[slot] = n;
      add(0, slot, n.value);
      break;
    }
    case 2: {
      built = 0;
      nodes[slot] = tree(<i32>rand(5));
      store<i64>(want(0, slot), built);
      break;
    }
    case 3: {
      nodes[slot] = null;
      store<i64>(want(0, slot), 0);
      break;
    }
    case 4: {
      const v = <i32>rand(100000);
      strs.set(slot, text(v));
      store<i64>(want(1, slot), v);
      break;
    }
    case 5: {
      while (arrays.length <= slot) arrays.push(new Array<Node>());
      const a = arrays[slot];
      const k = rand(20);
      for (let j: u32 = 0; j < k; j++) {
        const n = new Node(<i32>rand(1000));
        a.push(n);
        add(2, slot, n.value);
      }
      if (rand(2) == 0 && a.length > 0) add(2, slot, -a.pop().value);
      break;
    }
    case 6:
      rawStep(slot);
      break;
    default: {
      chain(<i32>rand(40), 0);
      garbageContainers(1);
      break;
    }
  }
}

export function workload(steps: i32, seed: u32): void {
  rng = seed;
  for (let i = 0; i < steps; i++) step();
}

// Slots whose data disagrees with the record (and raw blocks realloc broke).
export function check(): i32 {
  let wrong = bad;
  for (let slot = 0; slot < SLOTS; slot++) {
    if (sum(nodes[slot]) != load<i64>(want(0, slot))) wrong++;
    if (strs.has(slot) && strs.get(slot) != text(<i32>load<i64>(want(1, slot)))) wrong++;
    let s: i64 = 0;
    if (slot < arrays.length) for (let i = 0; i < arrays[slot].length; i++) s += arrays[slot][i].value;
    if (s != load<i64>(want(2, slot))) wrong++;
    const at = raws + <usize>slot * 8;
    if (sumRaw(<usize>load<u32>(at), <usize>load<u32>(at, 4)) != load<i64>(want(3, slot))) wrong++;
  }
  return wrong;
}

// Everything the slots hold, summed by walking it (not from the record).
export function checksum(): i64 {
  let s: i64 = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    s += sum(nodes[slot]) * 31;
    if (strs.has(slot)) s += <i64>strs.get(slot).charCodeAt(1) * 7 + strs.get(slot).length;
    if (slot < arrays.length) for (let i = 0; i < arrays[slot].length; i++) s += arrays[slot][i].value;
    const at = raws + <usize>slot * 8;
    s += sumRaw(<usize>load<u32>(at), <usize>load<u32>(at, 4));
  }
  return s;
}

export function clearWorkload(): void {
  nodes = new Array<Node | null>(SLOTS);
  strs = new Map<i32, string>();
  arrays = new Array<Array<Node>>();
  for (let slot = 0; slot < SLOTS; slot++) {
    const p = <usize>load<u32>(raws + <usize>slot * 8);
    if (p != 0) heap.free(p);
  }
  memory.fill(raws, 0, SLOTS * 8);
  memory.fill(expect, 0, SLOTS * 4 * 8);
}

// ---- the page-trim walk -----------------------------------------------------
export function freePageRuns(out: u32, max: i32): i32 {
  return gcFreePageRuns(out, max, 4096);
}

// A free block whose links (prev, next) start exactly on a page: split off the
// end of a large block, between two blocks in use. Returns that page, or 0 if
// TLSF did not lay the blocks out as planned.
export function freeBlockAtPageStart(): u32 {
  const x = heap.alloc(64 << 10);
  heap.alloc(16 << 10); // keeps the split-off block from merging with what follows
  const page = (x + 16 + 4095) & ~4095;
  heap.realloc(x, page - 4 - x); // the rest becomes a free block with its payload at `page`
  return (load<u32>(page - 4) & 1) != 0 ? <u32>page : 0;
}

// __renew moves an object it cannot grow in place, allocating (and maybe
// collecting) first; the old object must survive that even when no frame
// holds it, as here, where it is only a plain local.
export function renewUnrooted(): bool {
  const p = __new(64, idof<ArrayBuffer>());
  for (let i = 0; i < 64; i++) store<u8>(p + i, <u8>i);
  const q = __renew(p, 100_000);
  for (let i = 0; i < 64; i++) if (load<u8>(q + i) != <u8>i) return false;
  return q != p;
}
