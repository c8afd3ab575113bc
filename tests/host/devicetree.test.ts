// The device-tree parser and riscv64 boot info, against the trees of QEMU virt,
// QEMU sifive_u and the VisionFive 2, and against malformed blobs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadModule, FakeMemory } from "./lib/fakehal.ts";

const BASE = 0x8000_0000n;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/dtb/${name}`, import.meta.url)));

async function parse(blob: Uint8Array): Promise<string> {
  const mem = new FakeMemory();
  mem.map(BASE, blob);
  const m = await loadModule("bootparse", mem);
  return m.str(m.exports.dtb(BASE));
}

test("QEMU virt (-smp 4, 256M): ns16550a, memory, timebase, harts, poweroff", async () => {
  const s = await parse(fixture("qemu-virt-smp4.dtb"));
  assert.match(s, /uart=1@0x10000000\/0\/1 /);
  assert.match(s, /usable:0x80000000\+0x10000000/);
  assert.match(s, /timebase=10000000 /);
  assert.match(s, /cpus=4 cpuids=\[0,1,2,3\] /);
  assert.match(s, /poweroff=0x100000 /);
});

test("QEMU virt (2G)", async () => {
  const s = await parse(fixture("qemu-virt-2g.dtb"));
  assert.match(s, /usable:0x80000000\+0x80000000/);
  assert.match(s, /cpus=1 /);
});

test("QEMU sifive_u: sifive,uart0, the monitor hart not counted", async () => {
  const s = await parse(fixture("qemu-sifive_u.dtb"));
  assert.match(s, /uart=3@0x10010000\//);
  assert.match(s, /timebase=1000000 /);
  assert.match(s, /cpus=4 cpuids=\[1,2,3,4\] /); // -smp 5: one E51 without an MMU, four U54s
});

test("VisionFive 2: UART0 dw-apb with reg-shift 2 and 32-bit access, memory at 0x40000000, 4 MHz", async () => {
  const s = await parse(fixture("jh7110-starfive-visionfive-2-v1.3b.dtb"));
  assert.match(s, /uart=2@0x10000000\/2\/4 /);
  assert.match(s, /usable:0x40000000\+/);
  assert.match(s, /timebase=4000000 /);
  assert.match(s, /cpus=4 cpuids=\[1,2,3,4\] /); // harts 1-4 (U74); hart 0 is the S7 monitor core
});

// One module instance for the hostile inputs: every blob at the same address.
async function hostile(blobs: Uint8Array[]): Promise<string[]> {
  const region = new Uint8Array(64 * 1024);
  const mem = new FakeMemory();
  mem.map(BASE, region);
  const m = await loadModule("bootparse", mem);
  const out: string[] = [];
  for (const b of blobs) {
    region.fill(0);
    region.set(b.subarray(0, region.length));
    // The parser may only read what the header claims, so bound the region too.
    mem.regions[0] = { base: BASE, bytes: region.subarray(0, Math.max(b.length, 40)) };
    out.push(m.str(m.exports.dtb(BASE)));
    m.exports.__collect();
  }
  return out;
}

function setTotal(blob: Uint8Array, n: number): Uint8Array {
  const c = blob.slice();
  new DataView(c.buffer).setUint32(4, n);
  return c;
}

test("truncated trees give a clear error, never a read past the blob", { timeout: 120_000 }, async () => {
  const vf2 = fixture("jh7110-starfive-visionfive-2-v1.3b.dtb");
  const cuts: Uint8Array[] = [];
  for (let n = 40; n < vf2.length; n += 97) cuts.push(setTotal(vf2.subarray(0, n), n));
  const results = await hostile(cuts);
  for (const r of results) assert.match(r, /^error: devicetree: /);
});

test("corrupt headers and tokens are refused with the reason", async () => {
  const virt = fixture("qemu-virt-smp4.dtb");
  const dv = (b: Uint8Array) => new DataView(b.buffer);
  const bad = (f: (b: Uint8Array) => void) => { const c = virt.slice(); f(c); return c; };
  const structOff = dv(virt).getUint32(8);
  const [magic, version, structOut, total, token, propLen, nameOff] = await hostile([
    bad((b) => dv(b).setUint32(0, 0xdeadbeef)),
    bad((b) => dv(b).setUint32(20, 3)),
    bad((b) => dv(b).setUint32(8, 0xfffffff0)),
    bad((b) => dv(b).setUint32(4, 0xffffffff)),
    bad((b) => dv(b).setUint32(structOff, 7)),
    // the first property of the root node: length 0xffffffff
    bad((b) => { const nameEnd = b.indexOf(0, structOff + 4); dv(b).setUint32(((nameEnd + 4) & ~3) + 4, 0xffffffff); }),
    bad((b) => { const nameEnd = b.indexOf(0, structOff + 4); dv(b).setUint32(((nameEnd + 4) & ~3) + 8, 0x7fffffff); }),
  ]);
  assert.match(magic, /bad magic 0xdeadbeef/);
  assert.match(version, /unsupported version 3/);
  assert.match(structOut, /structure block outside the blob/);
  assert.match(total, /total size 4294967295 outside/);
  assert.match(token, /unknown token 7/);
  assert.match(propLen, /property of 4294967295 bytes runs past the structure block/);
  assert.match(nameOff, /property name offset 2147483647 outside the strings block/);
});

test("random byte flips: a clean parse or a clean error, never a crash", { timeout: 120_000 }, async () => {
  const sifive = fixture("qemu-sifive_u.dtb");
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const blobs: Uint8Array[] = [];
  for (let i = 0; i < 300; i++) {
    const c = sifive.slice();
    for (let k = 0; k < 4; k++) c[Math.floor(rand() * c.length)] ^= 1 << Math.floor(rand() * 8);
    blobs.push(c);
  }
  const results = await hostile(blobs);
  for (const r of results) assert.match(r, /^(error: |protocol=)/);
});

test("deep nesting is refused", async () => {
  // A tree of 40 nested nodes built by hand.
  const words: number[] = [];
  for (let i = 0; i < 40; i++) words.push(1, 0x61000000); // BEGIN_NODE "a"
  for (let i = 0; i < 40; i++) words.push(2);
  words.push(9);
  const struct = new Uint8Array(words.length * 4);
  words.forEach((w, i) => new DataView(struct.buffer).setUint32(i * 4, w));
  const hdr = new Uint8Array(56);
  const total = 56 + struct.length + 4;
  const h = new DataView(hdr.buffer);
  h.setUint32(0, 0xd00dfeed); h.setUint32(4, total); h.setUint32(8, 56); h.setUint32(12, 56 + struct.length);
  h.setUint32(16, 40); h.setUint32(20, 17); h.setUint32(24, 16); h.setUint32(32, 4); h.setUint32(36, struct.length);
  const blob = new Uint8Array(total);
  blob.set(hdr);
  blob.set(struct, 56);
  const [r] = await hostile([blob]);
  assert.match(r, /nested deeper than 32/);
});

test("without memory nodes (Limine), firmware reservations still reach the map", async () => {
  const mem = new FakeMemory();
  mem.map(BASE, fixture("opensbi-reserved.dtb"));
  const m = await loadModule("bootparse", mem);
  const s = m.str(m.exports.dtbReservationsOnly(BASE));
  assert.match(s, /mem=\[reserved:0x80000000\+0x80000,reserved:0x87000000\+0x1000\]/); // OpenSBI's RAM, a memreserve
  const full = m.str(m.exports.dtb(BASE));
  assert.match(full, /mem=\[usable:0x80000000\+0x8000000,bootloader-reclaimable:0x80000000\+0x\w+,reserved:0x80000000\+0x80000,reserved:0x87000000\+0x1000\]/);
});
