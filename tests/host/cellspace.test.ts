// A cell's address space and the kernel's copies to and from it: W^X,
// the map area's bounds, overlaps, the quota, the kernel half shared, every
// frame returned, and no copy through a page the cell may not use that way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModule, FakeMemory, type Loaded } from "./lib/fakehal.ts";
import * as errors from "../../abi/errors.ts";
import { PROT_READ, PROT_WRITE, PROT_EXEC } from "../../abi/syscalls.ts";
import { MAP_BASE, MAP_END, PAGE_SIZE } from "../../abi/memory.ts";

const RAM = 0x200000n,
  RAM_SIZE = 0x800000n;
const R = PROT_READ,
  W = PROT_WRITE,
  X = PROT_EXEC;
const MAP = BigInt(MAP_BASE),
  END = BigInt(MAP_END),
  PAGE = BigInt(PAGE_SIZE);
const E_INVAL = BigInt(errors.E_INVAL),
  E_NOMEM = BigInt(errors.E_NOMEM),
  E_BUSY = BigInt(errors.E_BUSY);

async function setup(quota = 64n): Promise<Loaded> {
  const mem = new FakeMemory();
  mem.map(RAM, new Uint8Array(Number(RAM_SIZE)));
  const m = await loadModule("cellspace", mem);
  assert.equal(m.exports.setup(RAM, RAM_SIZE), 1);
  assert.equal(m.exports.create(quota), 1);
  return m;
}

test("the kernel half is shared, the user half starts empty", async () => {
  const m = await setup();
  assert.notEqual(m.exports.spaceRoot(), m.exports.kernelRoot());
  assert.equal(
    BigInt.asUintN(64, m.exports.kernelTranslate(0xffffffff80000000n)),
    RAM,
    "a kernel mapping made before the space is seen through it",
  );
  assert.equal(BigInt.asUintN(64, m.exports.translate(MAP)), 0xffffffffffffffffn);
});

test("map: W^X, alignment, bounds, overlaps and the quota are refused", async () => {
  const m = await setup(8n);
  assert.equal(m.exports.mapAnon(MAP, 1n, R | W | X), E_INVAL, "write and execute together");
  assert.equal(m.exports.mapAnon(MAP + 1n, 1n, R), E_INVAL, "misaligned");
  assert.equal(m.exports.mapAnon(MAP, 0n, R), E_INVAL, "no pages");
  assert.equal(m.exports.mapAnon(MAP, 1n, 0), E_INVAL, "no rights");
  assert.equal(m.exports.mapAnon(MAP, 1n, 8), E_INVAL, "an unknown right");
  assert.equal(m.exports.mapAnon(MAP - PAGE, 1n, R), E_INVAL, "below the map area");
  assert.equal(m.exports.mapAnon(END - PAGE, 2n, R), E_INVAL, "past the map area");
  assert.equal(m.exports.mapAnon(END - PAGE, 0x10_0000_0000_0000n, R), E_INVAL, "a page count that wraps");
  assert.equal(m.exports.mapAnon(MAP, 9n, R | W), E_NOMEM, "over the quota");
  assert.equal(m.exports.mapAnon(MAP, 2n, R | W), 0n);
  assert.equal(m.exports.mapAnon(MAP + PAGE, 1n, R), E_BUSY, "overlapping");
  assert.equal(m.exports.mapAnon(MAP + 2n * PAGE, 1n, R | X), 0n);
  assert.equal(m.exports.owned(), 3n);
});

test("copies check every page and its rights, and round-trip across pages", async () => {
  const m = await setup();
  assert.equal(m.exports.mapAnon(MAP, 3n, R | W), 0n);
  assert.equal(m.exports.mapAnon(MAP + 4n * PAGE, 1n, R), 0n);
  assert.equal(m.str(m.exports.roundTrip(MAP + 100n, 9000, 3)), "ok", "three pages");
  assert.equal(m.exports.rangeOk(MAP, 3n * PAGE, 1), 1);
  assert.equal(m.exports.rangeOk(MAP, 3n * PAGE + 1n, 0), 0, "runs into the unmapped fourth page");
  assert.equal(m.exports.rangeOk(MAP + 4n * PAGE, 10n, 0), 1, "read-only page, read");
  assert.equal(m.exports.copyOutOk(MAP + 4n * PAGE, 10), 0, "read-only page, written");
  assert.equal(m.exports.copyInOk(MAP + 3n * PAGE - 4n, 8), 0, "the last bytes cross into a hole");
  assert.equal(m.exports.rangeOk(0xffffffff80000000n, 8n, 0), 0, "a kernel address");
  assert.equal(m.exports.rangeOk(0xfffffffffffff000n, 0x2000n, 0), 0, "a range that wraps");
  assert.equal(m.exports.rangeOk(MAP, 0n, 1), 1, "nothing to copy");
  assert.equal(m.exports.rangeOk(MAP, 2n << 20n, 0), 0, "longer than one call may move");
});

test("unmap and destroy give back every frame; a shared object stays until released", async () => {
  const m = await setup();
  const before = m.exports.freeFrames();
  assert.equal(m.exports.mapAnon(MAP, 4n, R | W), 0n);
  assert.equal(m.exports.mapAnon(MAP + 8n * PAGE, 2n, R), 0n);
  assert.equal(m.exports.unmap(MAP, 2n), E_INVAL, "only part of a mapping");
  assert.equal(m.exports.unmap(MAP, 4n), 0n);
  assert.equal(BigInt.asUintN(64, m.exports.translate(MAP)), 0xffffffffffffffffn);
  assert.equal(m.exports.unmap(MAP, 4n), E_INVAL, "nothing there any more");
  assert.equal(m.exports.objectCreate(3n), 1);
  assert.equal(m.exports.objectMap(MAP + 16n * PAGE, R | W), 0n);
  assert.equal(m.str(m.exports.roundTrip(MAP + 16n * PAGE, 5000, 9)), "ok");
  m.exports.destroy();
  assert.equal(m.exports.freeFrames(), before - 2n, "the root back; the object's frames outlive the space's mapping of it");
  m.exports.objectRelease();
  assert.equal(m.exports.freeFrames(), before + 1n, "everything back, and the space's root too");
});
