// Page tables over fake RAM, for both entry formats: the entries written are
// the ones the hardware expects, and map / unmap / protect / translate agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModule, FakeMemory, type Loaded } from "./lib/fakehal.ts";

const RAM = 0x100000n,
  RAM_SIZE = 0x400000n;
const R = 1,
  W = 2,
  X = 4,
  USER = 8;
const NONE = 0xffffffffffffffffn;

async function setup(arch: number): Promise<{ m: Loaded; ram: DataView }> {
  const bytes = new Uint8Array(Number(RAM_SIZE));
  const mem = new FakeMemory();
  mem.map(RAM, bytes);
  const m = await loadModule("pagetable", mem);
  assert.equal(m.exports.setup(arch, RAM, RAM_SIZE), 1);
  return { m, ram: new DataView(bytes.buffer) };
}
const u = (v: bigint) => BigInt.asUintN(64, v);
const pte = (ram: DataView, table: bigint, index: number) => ram.getBigUint64(Number(table - RAM) + index * 8, true);

test("x86_64: a 4 KiB kernel page, walked by hand", async () => {
  const { m, ram } = await setup(0);
  const va = 0xffffffff80201000n,
    pa = 0x123000n;
  assert.equal(m.str(m.exports.map(va, pa, R, 0)), "ok");
  // PML4 511 -> PDPT 510 -> PD 1 -> PT 1
  const root = u(m.exports.root());
  const l3 = pte(ram, root, 511),
    l2 = pte(ram, l3 & ~0xfffn, 510),
    l1 = pte(ram, l2 & ~0xfffn, 1),
    l0 = pte(ram, l1 & ~0xfffn, 1);
  for (const t of [l3, l2, l1]) assert.equal(t & 7n, 7n, "tables are present, writable, user");
  assert.equal(l0 & 0x000ffffffffff000n, pa);
  assert.equal(l0 & 1n, 1n);
  assert.equal(l0 & 2n, 0n, "read-only");
  assert.equal(l0 >> 63n, 1n, "no-execute");
  assert.equal(u(m.exports.translate(va + 0x123n)), pa + 0x123n);
  assert.equal(m.exports.protection(va), R);
});

test("x86_64: 2 MiB pages, protect, unmap, refusals", async () => {
  const { m } = await setup(0);
  const hhdm = 0xffff800000000000n;
  assert.equal(m.str(m.exports.mapRange(hhdm, 0n, 0x40000000n, R | W, 1)), "ok");
  assert.equal(u(m.exports.translate(hhdm + 0x3fffffffn)), 0x3fffffffn);
  assert.match(m.str(m.exports.map(hhdm + 0x1000n, 0x1000n, R, 0)), /lies in a larger page/);
  assert.match(m.str(m.exports.map(0x1000n, 0x1001n, R, 0)), /not aligned/);
  assert.equal(m.str(m.exports.map(0x1000n, 0x2000n, R | W | X | USER, 0)), "ok");
  assert.match(m.str(m.exports.map(0x1000n, 0x3000n, R, 0)), /already mapped/);
  assert.equal(m.exports.protection(0x1000n), R | W | X | USER);
  assert.equal(m.str(m.exports.protect(0x1000n, R)), "ok");
  assert.equal(m.exports.protection(0x1000n), R);
  assert.equal(u(m.exports.unmap(0x1000n)), 0x2000n);
  assert.equal(u(m.exports.translate(0x1000n)), NONE);
  assert.equal(m.exports.unmap(0x1000n), 0n);
  assert.match(m.str(m.exports.protect(0x5000n, R)), /not mapped/);
});

test("Sv39: kernel window and gigapage direct map, walked by hand", async () => {
  const { m, ram } = await setup(39);
  const va = 0xffffffff80000000n + 0x5000n,
    pa = 0x80205000n;
  assert.equal(m.str(m.exports.map(va, pa, R | X, 0)), "ok");
  const root = u(m.exports.root());
  const t2 = pte(ram, root, 510),
    t1 = pte(ram, (t2 >> 10n) << 12n, 0),
    t0 = pte(ram, (t1 >> 10n) << 12n, 5);
  assert.equal(t2 & 0xfn, 1n, "a table entry is V only");
  assert.equal((t0 >> 10n) << 12n, pa);
  assert.equal(t0 & 0xffn, 0xcbn, "V R X A D");
  assert.equal(m.str(m.exports.mapRange(0xffffffc000000000n, 0n, 0x100000000n, R | W, 2)), "ok");
  assert.equal(pte(ram, root, 256) & 0xffn, 0xc7n, "a gigapage: V R W A D");
  assert.equal(u(m.exports.translate(0xffffffc080001234n)), 0x80001234n);
});

test("Sv48 has four levels", async () => {
  const { m, ram } = await setup(48);
  assert.equal(m.str(m.exports.map(0xffff800000001000n, 0x2000n, R, 0)), "ok");
  const root = u(m.exports.root());
  assert.equal(pte(ram, root, 256) & 1n, 1n);
});

test("tables come from the frame allocator and are counted", async () => {
  const { m } = await setup(0);
  const before = m.exports.freeFrames();
  m.exports.map(0x400000000n, 0x1000n, R, 0);
  assert.equal(before - m.exports.freeFrames(), 3n, "PDPT, PD and PT");
});

test("prepare builds the tables, so a later map allocates none", async () => {
  const { m } = await setup(39);
  const before = m.exports.freeFrames();
  assert.equal(m.exports.prepare(0xffffffffa0000000n), 1);
  const afterPrepare = m.exports.freeFrames();
  assert.equal(before - afterPrepare, 2n, "Sv39: two tables below the root");
  assert.equal(u(m.exports.translate(0xffffffffa0000000n)), NONE, "prepare maps nothing");
  assert.equal(m.str(m.exports.map(0xffffffffa0000000n, 0x2000n, R, 0)), "ok");
  assert.equal(m.exports.freeFrames(), afterPrepare);
});
