// The device-tree parser and riscv64 boot info, against the trees of QEMU virt,
// QEMU sifive_u and the VisionFive 2, and against malformed blobs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadModule, FakeMemory } from "./lib/fakehal.ts";

const BASE = 0x8000_0000n;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/dtb/${name}`, import.meta.url)));
// The board's own tree, which the SD image carries (boot/dtbs/README.md).
const visionFive2 = () =>
  new Uint8Array(readFileSync(new URL("../../boot/dtbs/starfive/jh7110-starfive-visionfive-2-v1.3b.dtb", import.meta.url)));

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
  const s = await parse(visionFive2());
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
  const vf2 = visionFive2();
  const cuts: Uint8Array[] = [];
  for (let n = 40; n < vf2.length; n += 97) cuts.push(setTotal(vf2.subarray(0, n), n));
  const results = await hostile(cuts);
  for (const r of results) assert.match(r, /^error: devicetree: /);
});

test("corrupt headers and tokens are refused with the reason", async () => {
  const virt = fixture("qemu-virt-smp4.dtb");
  const dv = (b: Uint8Array) => new DataView(b.buffer);
  const bad = (f: (b: Uint8Array) => void) => {
    const c = virt.slice();
    f(c);
    return c;
  };
  const structOff = dv(virt).getUint32(8);
  const [magic, version, structOut, total, token, propLen, nameOff] = await hostile([
    bad((b) => dv(b).setUint32(0, 0xdeadbeef)),
    bad((b) => dv(b).setUint32(20, 3)),
    bad((b) => dv(b).setUint32(8, 0xfffffff0)),
    bad((b) => dv(b).setUint32(4, 0xffffffff)),
    bad((b) => dv(b).setUint32(structOff, 7)),
    // the first property of the root node: length 0xffffffff
    bad((b) => {
      const nameEnd = b.indexOf(0, structOff + 4);
      dv(b).setUint32(((nameEnd + 4) & ~3) + 4, 0xffffffff);
    }),
    bad((b) => {
      const nameEnd = b.indexOf(0, structOff + 4);
      dv(b).setUint32(((nameEnd + 4) & ~3) + 8, 0x7fffffff);
    }),
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
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
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
  h.setUint32(0, 0xd00dfeed);
  h.setUint32(4, total);
  h.setUint32(8, 56);
  h.setUint32(12, 56 + struct.length);
  h.setUint32(16, 40);
  h.setUint32(20, 17);
  h.setUint32(24, 16);
  h.setUint32(32, 4);
  h.setUint32(36, struct.length);
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
  assert.match(
    full,
    /mem=\[usable:0x80000000\+0x8000000,bootloader-reclaimable:0x80000000\+0x\w+,reserved:0x80000000\+0x80000,reserved:0x87000000\+0x1000\]/,
  );
});

// ---- PLIC ---------------------------------------------------------------------

async function plic(blob: Uint8Array, hart: number): Promise<string> {
  const mem = new FakeMemory();
  mem.map(BASE, blob);
  const m = await loadModule("bootparse", mem);
  return m.str(m.exports.plic(BASE, BigInt(hart)));
}

// Where property `name` of the node whose path ends in `node` keeps its value:
// a walk of the structure block, enough to patch fixtures in place.
function propValue(blob: Uint8Array, node: string, name: string): { off: number; len: number } {
  const dv = new DataView(blob.buffer, blob.byteOffset);
  const structOff = dv.getUint32(8),
    stringsOff = dv.getUint32(12);
  const cstr = (at: number) => Buffer.from(blob.subarray(at, blob.indexOf(0, at))).toString();
  const path: string[] = [];
  for (let off = structOff; ;) {
    const token = dv.getUint32(off);
    off += 4;
    if (token === 1) {
      const n = cstr(off);
      path.push(n);
      off += (n.length + 4) & ~3;
    } else if (token === 2) path.pop();
    else if (token === 3) {
      const len = dv.getUint32(off),
        nameOff = dv.getUint32(off + 4);
      off += 8;
      if (path[path.length - 1] === node && cstr(stringsOff + nameOff) === name) return { off, len };
      off += (len + 3) & ~3;
    } else if (token === 9) throw new Error(`no ${node}/${name}`);
  }
}

function patched(name: string, node: string, prop: string, f: (dv: DataView, off: number, len: number) => void): Uint8Array {
  const b = fixture(name).slice();
  const { off, len } = propValue(b, node, prop);
  f(new DataView(b.buffer), off, len);
  return b;
}

test("PLIC: the boot hart's S-mode context on QEMU virt, one hart and four", async () => {
  assert.equal(await plic(fixture("qemu-virt-2g.dtb"), 0), "base=0xc000000 size=0x600000 sources=96 context=1 uartirq=10");
  // Contexts alternate M, S per hart: hart 2's S-mode is context 5.
  assert.equal(await plic(fixture("qemu-virt-smp4.dtb"), 2), "base=0xc000000 size=0x600000 sources=96 context=5 uartirq=10");
  assert.match(await plic(fixture("qemu-virt-smp4.dtb"), 3), /context=7 /);
});

test("PLIC: sifive_u, where hart 0 (E51) has only an M-mode context", async () => {
  assert.equal(await plic(fixture("qemu-sifive_u.dtb"), 1), "base=0xc000000 size=0x4000000 sources=53 context=2 uartirq=4");
  assert.match(await plic(fixture("qemu-sifive_u.dtb"), 4), /context=8 /);
  assert.equal(
    await plic(fixture("qemu-sifive_u.dtb"), 0),
    "error: plic interrupt-controller@c000000: no supervisor-mode context for hart 0 uartirq=4",
  );
});

test("PLIC: VisionFive 2 (jh7110-plic), UART0 on source 32 through the soc's interrupt-parent", async () => {
  const vf2 = visionFive2();
  assert.equal(await plic(vf2, 1), "base=0xc000000 size=0x4000000 sources=136 context=2 uartirq=32");
  assert.match(await plic(vf2, 4), /context=8 /);
  assert.match(await plic(vf2, 0), /^error: .*no supervisor-mode context for hart 0/); // the S7 monitor core
});

test("PLIC: hostile trees are refused with the reason, and the kernel boots on without one", async () => {
  const virt = "qemu-virt-smp4.dtb",
    node = "plic@c000000";
  const ndev = (v: number) => patched(virt, node, "riscv,ndev", (dv, off) => dv.setUint32(off, v));
  assert.match(await plic(ndev(0), 0), /^error: plic plic@c000000: riscv,ndev 0 outside 1\.\.1023 /);
  assert.match(await plic(ndev(5000), 0), /riscv,ndev 5000 outside 1\.\.1023 /);
  // Every context turned into M-mode's (cause 11): nothing for S-mode.
  const noS = patched(virt, node, "interrupts-extended", (dv, off, len) => {
    for (let i = 4; i < len; i += 8) dv.setUint32(off + i, 11);
  });
  assert.match(await plic(noS, 2), /no supervisor-mode context for hart 2/);
  // The contexts name a phandle nobody has.
  const stray = patched(virt, node, "interrupts-extended", (dv, off, len) => {
    for (let i = 0; i < len; i += 8) dv.setUint32(off + i, 0x7777);
  });
  assert.match(await plic(stray, 0), /no supervisor-mode context for hart 0/);
  // reg too small for hart 3's context (7: 0x200000 + 7 * 0x1000 + 8).
  const small = patched(virt, node, "reg", (dv, off) => dv.setUint32(off + 12, 0x202000));
  assert.match(await plic(small, 3), /reg size 0x202000 does not reach context 7/);
  assert.match(await plic(small, 0), /context=1 /);
  assert.match(await plic(fixture(virt), 9), /hart 9 has no interrupt controller/);
  assert.match(await plic(fixture(virt), -1), /the boot hart is unknown/);
  // The rest of the boot info is still there: no PLIC is not a boot failure.
  const mem = new FakeMemory();
  mem.map(BASE, ndev(0));
  const m = await loadModule("bootparse", mem);
  assert.match(m.str(m.exports.dtb(BASE)), /^protocol=.* uart=1@0x10000000/);
});
