// The physical frame allocator against memory maps captured from real boots
// (SeaBIOS, OVMF with GRUB and with Limine, QEMU virt and sifive_u, and the
// VisionFive 2 map its device tree implies) and against hostile maps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadModule, FakeMemory, type Loaded } from "./lib/fakehal.ts";

const KINDS = ["usable", "reserved", "acpi-reclaimable", "acpi-nvs", "bad", "bootloader-reclaimable", "kernel+modules", "framebuffer"];
type Region = [bigint, bigint, number];
const FRAME = 4096n;

function fixture(name: string): Region[] {
  const text = readFileSync(new URL(`../fixtures/memmap/${name}`, import.meta.url), "utf8");
  return text
    .trim()
    .split("\n")
    .map((l) => {
      const m = /^\[(0x[0-9a-f]+) \+(0x[0-9a-f]+)\] (\S+)$/.exec(l.trim());
      if (!m) throw new Error(`bad fixture line: ${l}`);
      return [BigInt(m[1]), BigInt(m[2]), KINDS.indexOf(m[3])];
    });
}

let mod: Loaded;
async function build(map: Region[], holds: [bigint, bigint][] = []): Promise<string> {
  mod ??= await loadModule("frames", new FakeMemory());
  mod.exports.reset();
  for (const [b, l, k] of map) mod.exports.region(b, l, k);
  for (const [s, e] of holds) mod.exports.hold(s, e);
  return mod.str(mod.exports.build());
}

// Frames a correct allocator may hand out, computed independently: every page
// inside a usable region and inside no other region or hold, never page 0.
function allowed(map: Region[], holds: [bigint, bigint][], withReclaimable = false): Set<bigint> {
  const ok = new Set<bigint>();
  const inside = (a: bigint, s: bigint, e: bigint) => a + FRAME > s && a < e; // overlaps
  for (const [b, l, k] of map) {
    if (!(k === 0 || (withReclaimable && k === 5))) continue;
    for (let a = (b + FRAME - 1n) & ~(FRAME - 1n); a + FRAME <= b + l; a += FRAME) {
      if (a === 0n) continue;
      const blocked =
        map.some(([b2, l2, k2]) => k2 !== 0 && !(withReclaimable && k2 === 5) && inside(a, b2, b2 + l2)) ||
        holds.some(([s, e]) => inside(a, s, e));
      if (!blocked) ok.add(a);
    }
  }
  return ok;
}

function drain(limit = 1 << 22): bigint[] {
  const got: bigint[] = [];
  for (let i = 0; i < limit; i++) {
    const f = BigInt.asUintN(64, mod.exports.alloc());
    if (f === 0n) break;
    got.push(f);
  }
  return got;
}

const SMALL_MAPS = ["seabios-pvh-256m.txt", "ovmf-grub-256m.txt", "ovmf-limine-256m.txt", "qemu-virt-256m.txt", "qemu-sifive_u-256m.txt"];

for (const name of SMALL_MAPS) {
  test(`${name}: hands out exactly the usable frames, each once`, { timeout: 120_000 }, async () => {
    const map = fixture(name);
    const holds: [bigint, bigint][] = [[0x200000n, 0x1400000n]]; // a kernel image
    const s = await build(map, holds);
    assert.match(s, /^ok /);
    const want = allowed(map, holds);
    const total = BigInt(/free=(\d+)/.exec(s)![1]);
    assert.equal(total, BigInt(want.size));
    const got = drain();
    assert.equal(got.length, want.size);
    assert.equal(new Set(got).size, got.length, "a frame was handed out twice");
    for (const f of got) assert.ok(want.has(f), `0x${f.toString(16)} is not usable RAM`);
    assert.equal(mod.exports.alloc(), 0n);
    // Everything goes back, and the count returns to where it was.
    for (const f of got) assert.equal(mod.str(mod.exports.free(f)), "ok");
    assert.equal(mod.exports.freeCount(), total);
  });
}

test("Limine map: bootloader-reclaimable memory is held until reclaim", async () => {
  const map = fixture("ovmf-limine-256m.txt");
  const s = await build(map);
  const before = BigInt(/free=(\d+)/.exec(s)![1]);
  const reclaimable = allowed(map, [], true).size - allowed(map, []).size;
  assert.ok(reclaimable > 0);
  const someHeld = map.find(([, , k]) => k === 5)![0];
  assert.match(mod.str(mod.exports.free(someHeld)), /still held by the bootloader/);
  assert.equal(mod.exports.reclaim(), BigInt(reclaimable));
  assert.equal(mod.exports.freeCount(), before + BigInt(reclaimable));
});

test("SeaBIOS 4 GiB map: RAM above 4 GiB is managed", async () => {
  const s = await build(fixture("seabios-pvh-4g.txt"));
  assert.match(s, /0x100000000\+262144/);
});

test("VisionFive 2 map from its device tree", async () => {
  // What boot/riscv64.ts makes of the v1.3b tree (see devicetree.test.ts): 4 GiB at
  // 0x40000000; OpenSBI's 0x40000000-0x401fffff is reserved by U-Boot's fixup, not the
  // tree, so the kernel holds it like its own image.
  const map: Region[] = [[0x40000000n, 0x100000000n, 0]];
  const s = await build(map, [
    [0x40000000n, 0x40200000n],
    [0x40200000n, 0x41400000n],
  ]);
  assert.match(s, /^ok total=1043456 /);
  assert.match(s, /ranges=0x41400000\+1043456$/);
});

test("hostile maps: unsorted, overlapping, zero-length, wrapping, huge", async () => {
  // Unsorted and overlapping usable regions merge; a reserved region inside wins.
  let s = await build([
    [0x300000n, 0x100000n, 0],
    [0x100000n, 0x280000n, 0],
    [0x350000n, 0x1000n, 1],
    [0x500000n, 0n, 0],
  ]);
  assert.match(s, /^ok total=767 free=767 /);
  assert.match(s, /ranges=0x100000\+592,0x351000\+175$/);
  // Unaligned edges shrink inward.
  s = await build([[0x100800n, 0x2000n, 0]]);
  assert.match(s, /ranges=0x101000\+1$/);
  // A region that wraps past 2^64, and one so large the bitmap would not fit.
  s = await build([[0xfffffffffff00000n, 0x200000n, 0]]);
  assert.match(s, /^ok total=255 /);
  s = await build([[0x100000000n, 0x10000000000000n, 0]]);
  assert.match(s, /^ok total=16777216 free=16777216 unmanaged=\d+/);
  // Nothing usable at all, and page 0 alone.
  assert.match(
    await build([
      [0x0n, 0x1000n, 0],
      [0x2000n, 0x1000n, 1],
    ]),
    /^error: frames: the memory map has no usable RAM/,
  );
});

test("free refuses what was never handed out", async () => {
  await build([
    [0x100000n, 0x10000n, 0],
    [0x200000n, 0x1000n, 1],
  ]);
  const f = BigInt.asUintN(64, mod.exports.alloc());
  assert.equal(mod.str(mod.exports.free(f + 1n)), `frames: free of unaligned address 0x${(f + 1n).toString(16)}`);
  assert.match(mod.str(mod.exports.free(0x200000n)), /not managed RAM/);
  assert.equal(mod.str(mod.exports.free(f)), "ok");
  assert.match(mod.str(mod.exports.free(f)), /double free/);
});
