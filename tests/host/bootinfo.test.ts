// The x86_64 boot-record parsers (multiboot2, PVH, Limine) and the ACPI MADT
// cpu count, over records built in fake memory, including hostile ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModule, FakeMemory, type Loaded } from "./lib/fakehal.ts";

// A little-endian record builder.
class Buf {
  bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number) {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number) {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint | number) {
    const b = BigInt(v);
    return this.u32(Number(b & 0xffffffffn)).u32(Number(b >> 32n));
  }
  str(s: string) {
    for (const c of Buffer.from(s + "\0")) this.u8(c);
    return this;
  }
  pad(n: number) {
    while (this.bytes.length % n) this.u8(0);
    return this;
  }
  get length() {
    return this.bytes.length;
  }
  done() {
    return new Uint8Array(this.bytes);
  }
}

const SEABIOS_E820: [bigint, bigint, number][] = [
  [0x0n, 0x9fc00n, 1],
  [0x9fc00n, 0x400n, 2],
  [0xf0000n, 0x10000n, 2],
  [0x100000n, 0xfee0000n, 1],
  [0xffe0000n, 0x20000n, 2],
  [0xfffc0000n, 0x40000n, 2],
];
const SEABIOS_USABLE = 0x9fc00 + 0xfee0000;

async function load(regions: [bigint, Uint8Array][]): Promise<Loaded> {
  const mem = new FakeMemory();
  for (const [base, bytes] of regions) mem.map(base, bytes);
  return loadModule("bootparse", mem);
}

// ---- multiboot2 ---------------------------------------------------------------

function mb2(tags: Buf[], totalOverride?: number): Uint8Array {
  const body = new Buf();
  for (const t of tags) {
    body.bytes.push(...t.bytes);
    body.pad(8);
  }
  body.u32(0).u32(8); // end tag
  const out = new Buf().u32(totalOverride ?? 8 + body.length).u32(0);
  out.bytes.push(...body.bytes);
  return out.done();
}
const tag = (type: number, payload: Buf) => {
  const t = new Buf().u32(type).u32(8 + payload.length);
  t.bytes.push(...payload.bytes);
  return t;
};
const mmapTag = (entries: [bigint, bigint, number][]) => {
  const p = new Buf().u32(24).u32(0);
  for (const [b, l, t] of entries) p.u64(b).u64(l).u32(t).u32(0);
  return tag(6, p);
};

test("multiboot2: GRUB BIOS record", async () => {
  const rec = mb2([
    tag(1, new Buf().str("boot=grub quiet")),
    tag(2, new Buf().str("GRUB 2.06")),
    tag(3, new Buf().u32(0x400000).u32(0x401000).str("initrd")),
    mmapTag(SEABIOS_E820),
    tag(14, new Buf().str("RSD PTR ").u8(0).str("BOCHS").u8(0).u32(0x7fe0000)),
  ]);
  const m = await load([[0x10000n, rec]]);
  const s = m.str(m.exports.multiboot2(0x10000n));
  assert.match(s, /protocol=multiboot2 firmware=BIOS loader=GRUB 2.06 /);
  assert.match(s, new RegExp(`usable=${SEABIOS_USABLE} `));
  assert.match(s, /mods=\[initrd@0x400000\+0x1000\]/);
  assert.match(s, /cmdline=boot=grub quiet$/);
  assert.match(s, /rsdp=0x10\w+ /);
});

test("multiboot2: an EFI system table tag means UEFI", async () => {
  const m = await load([[0x10000n, mb2([mmapTag(SEABIOS_E820), tag(12, new Buf().u64(0x7f000000))])]]);
  assert.match(m.str(m.exports.multiboot2(0x10000n)), /firmware=UEFI/);
});

test("multiboot2: malformed records are refused with the reason", async () => {
  const cases: [Uint8Array, RegExp][] = [
    [mb2([mmapTag(SEABIOS_E820)], 8), /total size 8 out of range/],
    [mb2([mmapTag(SEABIOS_E820)], 0xffffffff), /total size 4294967295 out of range/],
    [new Buf().u32(24).u32(0).u32(1).u32(0).u32(0).u32(8).done(), /tag 1 at offset 8 has bad size 0/],
    [new Buf().u32(24).u32(0).u32(1).u32(7).u32(0).u32(8).done(), /has bad size 7/],
    [new Buf().u32(24).u32(0).u32(1).u32(64).u32(0).u32(8).done(), /has bad size 64/],
    [new Buf().u32(24).u32(0).u32(1).u32(16).u64(0).done(), /no end tag/],
    [mb2([tag(6, new Buf().u32(20).u32(0).u64(0).u64(0).u32(1).u32(0))]), /entry size 20 invalid/],
    [mb2([tag(1, new Buf().str("x"))]), /no memory map tag/],
  ];
  const mem = new FakeMemory();
  const region = new Uint8Array(4096);
  mem.map(0x10000n, region);
  const m = await loadModule("bootparse", mem);
  for (const [rec, want] of cases) {
    region.fill(0);
    region.set(rec);
    assert.match(m.str(m.exports.multiboot2(0x10000n)), want);
  }
  assert.match(m.str(m.exports.multiboot2(0x10004n)), /misaligned/);
});

// ---- PVH --------------------------------------------------------------------

function startInfo(o: { magic?: number; version?: number; mods?: number; memmapEntries?: number }): Buf {
  return new Buf()
    .u32(o.magic ?? 0x336ec578)
    .u32(o.version ?? 1)
    .u32(0)
    .u32(o.mods ?? 0)
    .u64(0x2000)
    .u64(0x3000)
    .u64(0xf5000)
    .u64(0x4000)
    .u32(o.memmapEntries ?? SEABIOS_E820.length)
    .u32(0);
}

async function pvhModule(si: Buf): Promise<string> {
  const modlist = new Buf().u64(0x500000).u64(0x2345).u64(0x3100).u64(0);
  const memmap = new Buf();
  for (const [b, l, t] of SEABIOS_E820) memmap.u64(b).u64(l).u32(t).u32(0);
  const page = (b: Buf) => {
    const u = new Uint8Array(4096);
    u.set(b.done());
    return u;
  };
  const cmd = new Uint8Array(4096);
  cmd.set(Buffer.from("console=ttyS0\0"));
  cmd.set(Buffer.from("initrd.img\0"), 0x100);
  const m = await load([
    [0x1000n, page(si)],
    [0x2000n, page(modlist)],
    [0x3000n, cmd],
    [0x4000n, page(memmap)],
  ]);
  return m.str(m.exports.pvh(0x1000n));
}

test("PVH: QEMU's start info", async () => {
  const s = await pvhModule(startInfo({ mods: 1 }));
  assert.match(s, /protocol=pvh firmware=BIOS/);
  assert.match(s, new RegExp(`usable=${SEABIOS_USABLE} `));
  assert.match(s, /rsdp=0xf5000 /);
  assert.match(s, /mods=\[initrd.img@0x500000\+0x2345\]/);
  assert.match(s, /cmdline=console=ttyS0$/);
});

test("PVH: malformed start info is refused", async () => {
  assert.match(await pvhModule(startInfo({ magic: 0x12345678 })), /bad start info magic 0x12345678/);
  assert.match(await pvhModule(startInfo({ version: 0 })), /version 0 has no memory map/);
  assert.match(await pvhModule(startInfo({ memmapEntries: 100000 })), /100000 memory map entries/);
  assert.match(await pvhModule(startInfo({ memmapEntries: 0 })), /empty memory map/);
  assert.match(await pvhModule(startInfo({ mods: 1000 })), /1000 modules/);
});

// ---- Limine -----------------------------------------------------------------

const HHDM = 0xffff800000000000n;
const REQUESTS = ["info", "firmware", "hhdm", "memmap", "modules", "kernel_file", "kernel_address", "rsdp", "smp", "dtb"];

// The request block (as boot/limine_requests.c lays it out) with responses at
// HHDM addresses; `omit` leaves a response out, `revision` is what the loader
// left in the base revision tag.
function limineWorld(o: { omit?: string[]; revision?: number; memmapCount?: number; riscv?: boolean; smpNoList?: boolean }) {
  const block = new Buf()
    .u64(0xf9562b2d5c95a6c8n)
    .u64(0x6a7b384944536bdcn)
    .u64(o.revision ?? 0);
  const heap = new Buf(); // responses, at HHDM + 0x100000
  const at = () => HHDM + 0x100000n + BigInt(heap.length);
  const responses: Record<string, bigint> = {};
  const put = (name: string, b: Buf) => {
    heap.pad(8);
    responses[name] = at();
    heap.bytes.push(...b.bytes);
  };
  const cstr = (s: string) => {
    heap.pad(8);
    const a = at();
    heap.str(s);
    return a;
  };
  const name = cstr("Limine"),
    version = cstr("8.2.0"),
    cmdline = cstr("boot=limine"),
    path = cstr("/boot/initrd");
  put("info", new Buf().u64(0).u64(name).u64(version));
  put("firmware", new Buf().u64(0).u64(2));
  put("hhdm", new Buf().u64(0).u64(HHDM));
  heap.pad(8);
  const entries: bigint[] = [];
  for (const [b, l, t] of [
    [0x1000n, 0x9e000n, 0],
    [0x100000n, 0x7ee0000n, 0],
    [0x7fe0000n, 0x20000n, 2],
  ] as [bigint, bigint, number][]) {
    entries.push(at());
    heap.u64(b).u64(l).u64(t);
  }
  const entryList = at();
  for (const e of entries) heap.u64(e);
  put(
    "memmap",
    new Buf()
      .u64(0)
      .u64(o.memmapCount ?? entries.length)
      .u64(entryList),
  );
  const file = (p: bigint, c: bigint) => {
    heap.pad(8);
    const a = at();
    heap
      .u64(0)
      .u64(HHDM + 0x400000n)
      .u64(0x1000)
      .u64(p)
      .u64(c);
    for (let i = 0; i < 16; i++) heap.u32(0);
    return a;
  };
  const mod = file(path, 0n),
    kfile = file(path, cmdline);
  heap.pad(8);
  const modList = at();
  heap.u64(mod);
  put("modules", new Buf().u64(0).u64(1).u64(modList));
  put("kernel_file", new Buf().u64(0).u64(kfile));
  put("kernel_address", new Buf().u64(0).u64(0x7c00000).u64(0xffffffff80200000n));
  put("rsdp", new Buf().u64(0).u64(HHDM + 0xf5000n));
  // Four CPUs, ids 0-3 (hart 3 / APIC id 1 boots), each a struct limine_smp_info.
  const infos: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    heap.pad(8);
    infos.push(at());
    if (o.riscv) heap.u64(i).u64(i).u64(0).u64(0).u64(0);
    else heap.u32(i).u32(i).u64(0).u64(0).u64(0);
  }
  heap.pad(8);
  const cpuList = o.smpNoList ? 0n : at();
  for (const a of infos) heap.u64(a);
  put("smp", o.riscv ? new Buf().u64(0).u64(0).u64(3).u64(4).u64(cpuList) : new Buf().u64(0).u32(0).u32(1).u64(4).u64(cpuList));
  put("dtb", new Buf().u64(0).u64(HHDM + 0x8fe00000n));
  for (const r of REQUESTS) {
    block
      .u64(1)
      .u64(2)
      .u64(3)
      .u64(4)
      .u64(0)
      .u64(o.omit?.includes(r) ? 0 : responses[r]);
    if (r === "modules") block.u64(0).u64(0);
    if (r === "smp") block.u64(0);
  }
  return { block: block.done(), heap: heap.done() };
}

async function limine(o: Parameters<typeof limineWorld>[0]): Promise<string> {
  const w = limineWorld(o);
  const m = await load([
    [0xffffffff80208000n, w.block],
    [HHDM + 0x100000n, w.heap],
  ]);
  return m.str(m.exports.limine(0xffffffff80208000n, o.riscv ?? false));
}

test("Limine: a full set of responses", async () => {
  const s = await limine({});
  assert.match(
    s,
    /protocol=limine firmware=UEFI loader=Limine 8.2.0 cpus=4 cpuids=\[0@0x[0-9a-f]+,1@0x[0-9a-f]+,2@0x[0-9a-f]+,3@0x[0-9a-f]+\]boot:1 /,
  );
  assert.match(s, new RegExp(`usable=${0x9e000 + 0x7ee0000} `));
  assert.match(s, /hhdm=0xffff800000000000 kernel=0x7c00000 /);
  assert.match(s, /rsdp=0xf5000 /);
  assert.match(s, /mods=\[\/boot\/initrd@0x400000\+0x1000\]/);
  assert.match(s, /cmdline=boot=limine$/);
});

test("Limine: riscv64 SMP response gives the boot hart", async () => {
  const s = await limine({ riscv: true });
  assert.match(s, /cpus=4 cpuids=\[0@0x[0-9a-f]+,1@0x[0-9a-f]+,2@0x[0-9a-f]+,3@0x[0-9a-f]+\]boot:3 .*boothart=3 .*dtb=0x8fe00000/);
});

test("Limine: refusals", async () => {
  assert.match(await limine({ revision: 2 }), /does not support base revision 2/);
  assert.match(await limine({ omit: ["hhdm"] }), /no HHDM response/);
  assert.match(await limine({ omit: ["memmap"] }), /no memory map response/);
  assert.match(await limine({ memmapCount: 100000 }), /100000 memory map entries/);
  assert.match(await limine({ smpNoList: true }), /SMP response has no CPU list/);
  assert.match(
    await limine({ omit: ["info", "firmware", "modules", "smp", "dtb", "rsdp", "kernel_file"] }),
    /protocol=limine firmware=unknown/,
  );
});

// ---- ACPI -------------------------------------------------------------------

// An ACPI table: 36-byte header (signature, length, revision, checksum, OEM
// fields left zero) and a body, with the checksum made right.
function table(sig: string, body: Buf): Buf {
  const t = new Buf();
  for (const c of Buffer.from(sig)) t.u8(c);
  t.u32(36 + body.length).u8(1);
  while (t.length < 36) t.u8(0);
  t.bytes.push(...body.bytes);
  checksum(t, 0, t.length, 9);
  return t;
}
function checksum(b: Buf, from: number, to: number, at: number) {
  let sum = 0;
  for (let i = from; i < to; i++) if (i !== at) sum += b.bytes[i];
  b.bytes[at] = (256 - (sum & 0xff)) & 0xff;
}

interface AcpiWorld {
  lapics?: [number, number][];
  ioapics?: [number, number, number][]; // id, address, GSI base
  overrides?: [number, number, number][]; // ISA IRQ, GSI, MPS INTI flags
  tail?: Buf; // raw bytes after the entries
  badRsdp?: boolean;
  zeroEntry?: boolean;
  noMadt?: boolean;
}

async function acpiModule(o: AcpiWorld): Promise<Loaded> {
  const madtBody = new Buf().u32(0xfee00000).u32(1);
  for (const [id, flags] of o.lapics ?? [
    [0, 1],
    [1, 1],
    [2, 1],
    [3, 0],
  ])
    madtBody.u8(0).u8(8).u8(id).u8(id).u32(flags);
  for (const [id, addr, base] of o.ioapics ?? []) madtBody.u8(1).u8(12).u8(id).u8(0).u32(addr).u32(base);
  for (const [irq, gsi, flags] of o.overrides ?? []) madtBody.u8(2).u8(10).u8(0).u8(irq).u32(gsi).u16(flags);
  if (o.zeroEntry) madtBody.u8(1).u8(0);
  if (o.tail) madtBody.bytes.push(...o.tail.bytes);
  const madt = table(o.noMadt ? "FACP" : "APIC", madtBody);
  const xsdt = table("XSDT", new Buf().u64(0x3000));
  const rsdp = new Buf();
  for (const c of Buffer.from("RSD PTR \0NEXUS ")) rsdp.u8(c); // signature, checksum, OEM id
  rsdp.u8(2).u32(0).u32(36).u64(0x2000).u32(0); // revision, RSDT, length, XSDT, ext. checksum
  checksum(rsdp, 0, 20, 8);
  checksum(rsdp, 0, 36, 32);
  if (o.badRsdp) rsdp.bytes[8] ^= 1;
  return load([
    [0x1000n, rsdp.done()],
    [0x2000n, xsdt.done()],
    [0x3000n, madt.done()],
  ]);
}

async function acpi(o: AcpiWorld): Promise<string> {
  const m = await acpiModule(o);
  return m.str(m.exports.acpiCpus(0x1000n));
}

async function madt(o: AcpiWorld): Promise<string> {
  const m = await acpiModule(o);
  return m.str(m.exports.madt(0x1000n));
}

test("ACPI: enabled processors in the MADT", async () => {
  assert.equal(await acpi({}), "3");
  assert.equal(
    await acpi({
      lapics: [
        [0, 1],
        [1, 2],
      ],
    }),
    "2",
  ); // online-capable counts
});

test("ACPI: a bad checksum or a zero-length MADT entry is refused", async () => {
  assert.match(await acpi({ badRsdp: true }), /bad RSDP checksum/);
  assert.match(await acpi({ zeroEntry: true }), /MADT entry at offset \d+ has length 0/);
});

// QEMU pc's MADT: one I/O APIC, ISA IRQ 0 on GSI 2, the PCI-routed ISA IRQs
// 5, 9, 10, 11 level-triggered active high (flags 0xd).
const QEMU_PC_OVERRIDES: [number, number, number][] = [
  [0, 2, 0],
  [5, 5, 0xd],
  [9, 9, 0xd],
  [10, 10, 0xd],
  [11, 11, 0xd],
];

test("ACPI: the MADT's I/O APICs and ISA overrides", async () => {
  assert.equal(
    await madt({ ioapics: [[0, 0xfec00000, 0]], overrides: QEMU_PC_OVERRIDES }),
    "cpus=3 ioapics=[0@0xfec00000/0] overrides=[0>2/0x0,5>5/0xd,9>9/0xd,10>10/0xd,11>11/0xd] com1=4",
  );
  // microvm: two I/O APICs, no overrides; a board that moved COM1.
  assert.equal(
    await madt({
      ioapics: [
        [0, 0xfec00000, 0],
        [1, 0xfec10000, 24],
      ],
    }),
    "cpus=3 ioapics=[0@0xfec00000/0,1@0xfec10000/24] overrides=[] com1=4",
  );
  assert.match(await madt({ ioapics: [[2, 0xfec00000, 0]], overrides: [[4, 20, 0xf]] }), /overrides=\[4>20\/0xf\] com1=20$/);
  assert.equal(await madt({ noMadt: true }), "no MADT");
});

test("ACPI: MPS INTI flags become I/O APIC polarity and trigger bits", async () => {
  const m = await acpiModule({});
  const LOW = 1 << 13,
    LEVEL = 1 << 15;
  assert.equal(m.exports.inti(0, true), 0); // ISA default: active high, edge
  assert.equal(m.exports.inti(0, false), LOW | LEVEL); // PCI default: active low, level
  assert.equal(m.exports.inti(0xd, true), LEVEL); // QEMU's IRQ 9: high, level
  assert.equal(m.exports.inti(0xf, true), LOW | LEVEL);
  assert.equal(m.exports.inti(0x5, false), 0); // explicitly high, edge
});

test("ACPI: truncated or short MADT entries are refused with the reason", async () => {
  // An I/O APIC entry claiming 12 bytes with 8 left in the table.
  assert.match(await madt({ tail: new Buf().u8(1).u8(12).u8(0).u8(0).u32(0xfec00000) }), /MADT entry at offset \d+ has length 12/);
  // Entries too short for their type.
  assert.match(await madt({ tail: new Buf().u8(1).u8(6).u8(0).u8(0).u16(0) }), /MADT entry of type 1 at offset \d+ is 6 bytes, too short/);
  assert.match(await madt({ tail: new Buf().u8(2).u8(4).u8(0).u8(4) }), /MADT entry of type 2 at offset \d+ is 4 bytes, too short/);
  // A lone byte after the last entry is padding, not an entry (as Linux reads it).
  assert.match(await madt({ ioapics: [[0, 0xfec00000, 0]], tail: new Buf().u8(1) }), /^cpus=3 ioapics=\[0@0xfec00000\/0\]/);
});
