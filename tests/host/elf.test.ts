// The ELF parser (kernel/cell/elf.ts, compiled as for the kernel) on files
// built here the way ld.lld lays out a static executable: good ones for both
// machines are read as the loader needs them; each way to be bad is refused
// for its own reason; no prefix of a good file and no random damage makes it
// trap, and whatever it accepts keeps every promise the loader relies on.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadModule, FakeMemory, type Loaded } from "./lib/fakehal.ts";
import * as abiMemory from "../../abi/memory.ts";

const X86 = 62,
  RISCV = 243;
const PT_LOAD = 1,
  PT_DYNAMIC = 2,
  PT_INTERP = 3,
  PT_NOTE = 4,
  PT_PHDR = 6,
  PT_TLS = 7;
const PT_GNU_STACK = 0x6474e551,
  PT_GNU_RELRO = 0x6474e552,
  PT_RISCV_ATTRIBUTES = 0x70000003;
const PF_X = 1,
  PF_W = 2,
  PF_R = 4;
const IMAGE_BASE = BigInt(abiMemory.IMAGE_BASE),
  IMAGE_END = BigInt(abiMemory.IMAGE_END),
  MAX_IMAGE = 64n << 20n;
const PAGE = BigInt(abiMemory.PAGE_SIZE);
const MODULE = 0x1000_0000n; // where the fake memory holds the module

let seed = Number(process.env.NEXUS_SEED ?? 20261126); // fixed unless asked: a threshold below depends on the draw
console.log(`# elf.test seed ${seed} (NEXUS_SEED repeats it)`);
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];

// ---- a small ELF writer ------------------------------------------------------
interface Ph {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
}
interface Elf {
  machine: number;
  entry: bigint;
  phs: Ph[];
  size: number;
}

const pageUp = (v: bigint) => (v + PAGE - 1n) & ~(PAGE - 1n);
const pageDown = (v: bigint) => v & ~(PAGE - 1n);

// Header fields [offset, width] and program header fields, for the mutations.
const HDR = {
  type: [16, 2],
  machine: [18, 2],
  version: [20, 4],
  entry: [24, 8],
  phoff: [32, 8],
  shoff: [40, 8],
  flags: [48, 4],
  ehsize: [52, 2],
  phentsize: [54, 2],
  phnum: [56, 2],
  shentsize: [58, 2],
  shnum: [60, 2],
  shstrndx: [62, 2],
} as const;
const PHF = {
  type: [0, 4],
  flags: [4, 4],
  offset: [8, 8],
  vaddr: [16, 8],
  paddr: [24, 8],
  filesz: [32, 8],
  memsz: [40, 8],
  align: [48, 8],
} as const;

function put(b: Uint8Array, off: number, width: number, v: bigint | number): void {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const x = BigInt.asUintN(width * 8, BigInt(v));
  if (width === 1) d.setUint8(off, Number(x));
  else if (width === 2) d.setUint16(off, Number(x), true);
  else if (width === 4) d.setUint32(off, Number(x), true);
  else d.setBigUint64(off, x, true);
}
const get = (b: Uint8Array, off: number, width: number): bigint => {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return width === 1
    ? BigInt(d.getUint8(off))
    : width === 2
      ? BigInt(d.getUint16(off, true))
      : width === 4
        ? BigInt(d.getUint32(off, true))
        : d.getBigUint64(off, true);
};
const setHdr = (b: Uint8Array, f: keyof typeof HDR, v: bigint | number) => put(b, HDR[f][0], HDR[f][1], v);
const setPh = (b: Uint8Array, i: number, f: keyof typeof PHF, v: bigint | number) => put(b, 64 + i * 56 + PHF[f][0], PHF[f][1], v);

// Header, program headers at 64, and bytes standing for code and data (no
// section headers: a loader never reads them).
function write(e: Elf): Uint8Array {
  const b = new Uint8Array(e.size);
  for (let i = 64 + e.phs.length * 56; i < b.length; i++) b[i] = (i * 7 + 3) & 0xff;
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  setHdr(b, "type", 2);
  setHdr(b, "machine", e.machine);
  setHdr(b, "version", 1);
  setHdr(b, "entry", e.entry);
  setHdr(b, "phoff", 64);
  setHdr(b, "flags", e.machine === RISCV ? 5 : 0); // riscv: RVC, double-float ABI
  setHdr(b, "ehsize", 64);
  setHdr(b, "phentsize", 56);
  setHdr(b, "phnum", e.phs.length);
  setHdr(b, "shentsize", 64);
  e.phs.forEach((p, i) => {
    for (const f of Object.keys(PHF) as (keyof typeof PHF)[]) setPh(b, i, f, f === "paddr" ? p.vaddr : p[f as keyof Ph]);
  });
  return b;
}

const load = (flags: number, offset: bigint, vaddr: bigint, filesz: bigint, memsz = filesz, align = PAGE): Ph => ({
  type: PT_LOAD,
  flags,
  offset,
  vaddr,
  filesz,
  memsz,
  align,
});

// What `ld.lld --image-base=0x400000 -static` makes of a small C program:
// PT_PHDR; headers and .rodata R from offset 0 at 0x400000; .text R+X; on
// riscv64 the .riscv.attributes bytes (PT_RISCV_ATTRIBUTES, not loaded); .data
// RW with .bss after it. Each segment starts on a fresh page, at the address
// whose page offset is its file offset's, so the file is packed. The file
// ends with the last segment's bytes, so every shorter prefix cuts one.
function lldLike(machine: number, o: { text?: number; bss?: number } = {}): Elf {
  const nph = machine === RISCV ? 6 : 5;
  const rodataEnd = BigInt(64 + nph * 56 + 0x65);
  const textOff = (rodataEnd + 15n) & ~15n,
    textLen = BigInt(o.text ?? 0x1234);
  const textVa = pageUp(IMAGE_BASE + rodataEnd) + (textOff & 0xfffn);
  const attrOff = textOff + textLen,
    attrLen = machine === RISCV ? 0x4an : 0n;
  const dataOff = (attrOff + attrLen + 7n) & ~7n,
    dataLen = 0x48n;
  const dataVa = pageUp(textVa + textLen) + (dataOff & 0xfffn);
  const phs: Ph[] = [
    { type: PT_PHDR, flags: PF_R, offset: 64n, vaddr: IMAGE_BASE + 64n, filesz: BigInt(nph * 56), memsz: BigInt(nph * 56), align: 8n },
    load(PF_R, 0n, IMAGE_BASE, rodataEnd),
    load(PF_R | PF_X, textOff, textVa, textLen),
    load(PF_R | PF_W, dataOff, dataVa, dataLen, dataLen + BigInt(o.bss ?? 0x2714)),
    { type: PT_GNU_STACK, flags: PF_R | PF_W, offset: 0n, vaddr: 0n, filesz: 0n, memsz: 0n, align: 0n },
  ];
  if (machine === RISCV)
    phs.push({ type: PT_RISCV_ATTRIBUTES, flags: PF_R, offset: attrOff, vaddr: 0n, filesz: attrLen, memsz: 0n, align: 1n });
  return { machine, entry: textVa + 0x10n, phs, size: Number(dataOff + dataLen) };
}

// What a linker script that starts .text at 0x400000 makes: headers not
// loaded, .text R+X from file offset 0x1000, .rodata R, .data RW with a large
// .bss, each page-aligned in the file too.
function scriptLike(machine: number): Elf {
  const phs = [
    load(PF_R | PF_X, 0x1000n, IMAGE_BASE, 0x2345n),
    load(PF_R, 0x4000n, 0x40_3000n, 0x800n),
    load(PF_R | PF_W, 0x5000n, 0x40_4000n, 0x300n, 0x10_0000n),
    { type: PT_GNU_STACK, flags: PF_R | PF_W, offset: 0n, vaddr: 0n, filesz: 0n, memsz: 0n, align: 16n },
  ];
  return { machine, entry: IMAGE_BASE, phs, size: 0x5300 };
}

const copy = (e: Elf): Elf => ({ ...e, phs: e.phs.map((p) => ({ ...p })) });

// ---- running the kernel's parser ---------------------------------------------
let m: Loaded;
const mem = new FakeMemory();
before(async () => {
  m = await loadModule("elf", mem);
});

// The file at offset `before` of a module holding exactly the bytes given
// (plus `after` bytes of padding): a read past the module throws in the fake
// HAL, so a parser that reads past what it was given fails the test.
function run(file: Uint8Array, machine: number, len = file.length, pad = { before: 0, after: 0 }, mod = m): string {
  let bytes = file;
  if (pad.before + pad.after > 0) {
    bytes = new Uint8Array(pad.before + file.length + pad.after).fill(0xa5);
    bytes.set(file, pad.before);
  }
  mem.regions = [{ base: MODULE, bytes }];
  return mod.str(mod.exports.parse(MODULE, BigInt(bytes.length), BigInt(pad.before), BigInt(len), machine));
}

const h = (v: bigint) => "0x" + v.toString(16);
const protOf = (flags: number) => "r" + (flags & PF_W ? "w" : "-") + (flags & PF_X ? "x" : "-");
// The line a good file must give: its non-empty PT_LOADs, sorted by address.
function expected(e: Elf): string {
  const segs = e.phs.filter((p) => p.type === PT_LOAD && p.memsz > 0n).sort((a, b) => (a.vaddr < b.vaddr ? -1 : 1));
  return (
    `ok entry=${h(e.entry)}` + segs.map((p) => ` ${h(p.vaddr)}:${h(p.memsz)}:${h(p.offset)}:${h(p.filesz)}:${protOf(p.flags)}`).join("")
  );
}

const GOOD = () => [lldLike(X86), lldLike(RISCV), scriptLike(X86), scriptLike(RISCV)];

// Refused, and for the reason given.
function refused(e: Elf | Uint8Array, machine: number, why: RegExp, len?: number): void {
  const file = e instanceof Uint8Array ? e : write(e);
  const out = run(file, machine, len);
  assert.match(out, /^elf: [^\n]+$/, "a one-line refusal");
  assert.match(out, why);
}
// Changed by `fn` (on the spec), then refused for `why`.
function refusedIf(fn: (e: Elf) => void, why: RegExp, base = lldLike(X86)): void {
  const e = copy(base);
  fn(e);
  refused(e, e.machine, why);
}
function acceptedIf(fn: (e: Elf) => void, base = lldLike(X86)): string {
  const e = copy(base);
  fn(e);
  const out = run(write(e), e.machine);
  assert.equal(out, expected(e));
  return out;
}

// ---- the cases ---------------------------------------------------------------
test("good files for both machines, as the loader needs them", () => {
  assert.equal(
    run(write(lldLike(X86)), X86),
    "ok entry=0x4011d0 0x400000:0x1bd:0x0:0x1bd:r-- 0x4011c0:0x1234:0x1c0:0x1234:r-x 0x4033f8:0x275c:0x13f8:0x48:rw-",
  );
  assert.equal(
    run(write(lldLike(RISCV)), RISCV),
    "ok entry=0x401210 0x400000:0x1f5:0x0:0x1f5:r-- 0x401200:0x1234:0x200:0x1234:r-x 0x403480:0x275c:0x1480:0x48:rw-",
  );
  for (const e of GOOD()) assert.equal(run(write(e), e.machine), expected(e));
  // Inside a larger module, behind and before other bytes: only [off, off + len) counts.
  for (const e of GOOD()) assert.equal(run(write(e), e.machine, undefined, { before: 0x123, after: 0x1000 }), expected(e));
});

test("every prefix of a good file is refused with a reason, whether the module ends there or not", () => {
  for (const e of GOOD()) {
    const file = write(e);
    for (let n = 0; n < file.length; n++) {
      const cut = run(file.subarray(0, n), e.machine);
      assert.match(cut, /^elf: truncated: [^\n]+$/, `prefix ${n}`);
      assert.equal(run(file, e.machine, n, { before: 8, after: 0 }), cut, `prefix ${n} of a whole module`);
      if (n < 64) assert.equal(cut, `elf: truncated: file is ${h(BigInt(n))} bytes, shorter than the 64-byte ELF header`);
    }
  }
  // A file said to extend past its module.
  assert.match(
    run(write(lldLike(X86)), X86, write(lldLike(X86)).length + 1),
    /^elf: file of 0x[0-9a-f]+ bytes at 0x0 lies past its module's end$/,
  );
});

test("identification: magic, class, byte order, versions, type", () => {
  const good = write(lldLike(X86));
  const bad = (fn: (b: Uint8Array) => void, why: RegExp, machine = X86) => {
    const b = new Uint8Array(good);
    fn(b);
    refused(b, machine, why);
  };
  for (let i = 0; i < 4; i++)
    bad((b) => {
      b[i] ^= 0x20;
    }, /^elf: not an ELF file \(bad magic\)$/);
  bad((b) => {
    b[4] = 1;
  }, /^elf: a 32-bit file \(ELFCLASS32\); only 64-bit executables are loaded$/);
  bad((b) => {
    b[4] = 0;
  }, /^elf: unknown ELF class 0$/);
  bad((b) => {
    b[5] = 2;
  }, /^elf: a big-endian file; only little-endian executables are loaded$/);
  bad((b) => {
    b[5] = 3;
  }, /^elf: unknown ELF data encoding 3$/);
  bad((b) => {
    b[6] = 0;
  }, /^elf: ELF identification version 0 \(expected 1\)$/);
  bad(
    (b) => setHdr(b, "type", 3),
    /^elf: only static executables are loaded; this is a shared object or position-independent executable \(ET_DYN\)$/,
  );
  bad((b) => setHdr(b, "type", 1), /^elf: only static executables are loaded; this is a relocatable object \(ET_REL\)$/);
  bad((b) => setHdr(b, "type", 4), /^elf: only static executables are loaded; this is a core dump \(ET_CORE\)$/);
  bad((b) => setHdr(b, "type", 0xfe00), /^elf: only static executables are loaded; this is of type 65024$/);
  bad((b) => setHdr(b, "version", 0), /^elf: ELF version 0 \(expected 1\)$/);
  bad((b) => setHdr(b, "version", 2), /^elf: ELF version 2 \(expected 1\)$/);
  bad((b) => setHdr(b, "ehsize", 52), /^elf: ELF header size 52 \(expected 64\)$/);
  for (const n of [0, 32, 55, 57, 64])
    bad((b) => setHdr(b, "phentsize", n), new RegExp(`^elf: program header size ${n} \\(expected 56\\)$`));
  // Fields the loader has no use for are not judged: OS ABI, padding, section headers, flags.
  const ok = new Uint8Array(good);
  ok[7] = 3;
  ok[8] = 1;
  ok[15] = 0xff;
  setHdr(ok, "shoff", 0xffffffffffffffffn);
  setHdr(ok, "shnum", 0xffff);
  setHdr(ok, "flags", 0xffffffff);
  assert.equal(run(ok, X86), expected(lldLike(X86)));
});

test("a file for the other machine is refused, naming both", () => {
  assert.equal(run(write(lldLike(RISCV)), X86), "elf: built for riscv64 (machine 243), this kernel runs x86_64 (62)");
  assert.equal(run(write(lldLike(X86)), RISCV), "elf: built for x86_64 (machine 62), this kernel runs riscv64 (243)");
  const i386 = write(lldLike(X86));
  setHdr(i386, "machine", 3);
  assert.equal(run(i386, X86), "elf: built for an unknown machine (machine 3), this kernel runs x86_64 (62)");
});

test("the program header table: count, and where it lies", () => {
  const good = write(lldLike(X86));
  const bad = (fn: (b: Uint8Array) => void, why: RegExp) => {
    const b = new Uint8Array(good);
    fn(b);
    refused(b, X86, why);
  };
  bad((b) => setHdr(b, "phnum", 0), /^elf: no program headers$/);
  bad((b) => setHdr(b, "phnum", 17), /^elf: 17 program headers, more than 16$/);
  bad((b) => setHdr(b, "phnum", 0xffff), /^elf: 65535 program headers, more than 16$/);
  bad(
    (b) => setHdr(b, "phoff", good.length - 100),
    new RegExp(
      `^elf: truncated: program headers end at ${h(BigInt(good.length - 100 + 5 * 56))}, file is ${h(BigInt(good.length))} bytes$`,
    ),
  );
  bad((b) => setHdr(b, "phoff", good.length + 1), /^elf: truncated: program headers start at 0x[0-9a-f]+, file is 0x[0-9a-f]+ bytes$/);
  // An offset that would wrap around 2^64 when the table's size is added.
  bad((b) => setHdr(b, "phoff", 0xffffffffffffffc8n), /^elf: truncated: program headers start at 0xffffffffffffffc8, file is/);
  bad((b) => setHdr(b, "phoff", -(5n * 56n)), /^elf: truncated: program headers start at 0xfffffffffffffee8, file is/);
  // Program headers elsewhere in the file, unaligned, are fine.
  const moved = new Uint8Array(good.length + 5 * 56 + 3);
  moved.set(good);
  moved.set(good.subarray(64, 64 + 5 * 56), good.length + 3);
  setHdr(moved, "phoff", good.length + 3);
  assert.equal(run(moved, X86), expected(lldLike(X86)));
  // 16 PT_LOADs, each on a page of its own: the most there may be.
  const many: Elf = { machine: X86, entry: IMAGE_BASE, size: 0x11000, phs: [] };
  for (let i = 0; i < 16; i++)
    many.phs.push(load(i === 0 ? PF_R | PF_X : PF_R, BigInt(0x1000 * (i + 1)), IMAGE_BASE + BigInt(0x2000 * i), 0x800n));
  many.phs.reverse();
  assert.equal(run(write(many), X86), expected(many));
  assert.equal(expected(many).split(" ").length, 18);
});

test("segment types: dynamic linking and TLS refused, the rest ignored", () => {
  refusedIf((e) => {
    e.phs[0].type = PT_INTERP;
  }, /^elf: segment 0 is PT_INTERP: dynamic linking is not supported$/);
  refusedIf((e) => {
    e.phs[4].type = PT_DYNAMIC;
  }, /^elf: segment 4 is PT_DYNAMIC: dynamic linking is not supported$/);
  refusedIf((e) => {
    e.phs[4].type = PT_TLS;
  }, /^elf: segment 4 is PT_TLS: thread-local storage is not supported$/);
  // Refused even after the loads were judged good, and even when empty.
  refusedIf((e) => {
    e.phs.push({ ...e.phs[4], type: PT_INTERP });
  }, /^elf: segment 5 is PT_INTERP/);
  // Notes, RELRO, PT_NULL and anything unknown: not read, whatever they hold.
  for (const type of [0, PT_NOTE, PT_PHDR, PT_GNU_STACK, PT_GNU_RELRO, PT_RISCV_ATTRIBUTES, 5, 0x6474e553, 0xffffffff]) {
    acceptedIf((e) => {
      e.phs[4] = { type, flags: 0xffffffff, offset: -1n, vaddr: 0x10n, filesz: -1n, memsz: 5n, align: 3n };
    });
  }
  // A PT_LOAD of no bytes is skipped, wherever it claims to be.
  const out = acceptedIf((e) => {
    e.phs[4] = load(PF_R | PF_W | PF_X, -1n, 0x12n, 0n, 0n, 3n);
  });
  assert.equal(out, expected(lldLike(X86)));
  refusedIf((e) => {
    for (const p of e.phs) if (p.type === PT_LOAD) p.type = PT_NOTE;
  }, /^elf: no PT_LOAD segment: nothing to load$/);
  refusedIf((e) => {
    for (const p of e.phs) if (p.type === PT_LOAD) p.memsz = p.filesz = 0n;
  }, /^elf: no PT_LOAD segment: nothing to load$/);
});

test("each segment lies in the file and in the image area", () => {
  // Data past the end of the file; an offset that wraps when filesz is added.
  refusedIf((e) => {
    e.phs[3].filesz += 1n;
  }, /^elf: truncated: segment 3's data ends at 0x1441, file is 0x1440 bytes$/);
  refusedIf((e) => {
    e.phs[2].offset = 0xfffffffffffff1c0n;
  }, /^elf: truncated: segment 2's data starts at 0xfffffffffffff1c0, file is 0x1440 bytes$/);
  refusedIf((e) => {
    e.phs[3].filesz = e.phs[3].memsz + 1n;
  }, /^elf: segment 3 has 0x275d bytes in the file, more than its 0x275c bytes in memory$/);
  // All .bss reads nothing from the file: its offset only has to agree with its page offset.
  acceptedIf((e) => {
    e.phs[3].filesz = 0n;
    e.phs[3].offset += 0x10_0000n;
  });
  // Below the area (lld's default image base for x86_64 is 0x200000), past it, wrapping around 2^64.
  refusedIf((e) => {
    for (const p of e.phs) if (p.type === PT_LOAD) p.vaddr -= 0x20_0000n;
    e.entry -= 0x20_0000n;
  }, /^elf: segment 1 at 0x200000 lies below the image area \[0x400000, 0x40000000\)$/);
  refusedIf((e) => {
    e.phs[1].vaddr = 0x3ff000n;
  }, /^elf: segment 1 at 0x3ff000 lies below the image area/);
  refusedIf((e) => {
    e.phs[3].vaddr = 0x3ffff3f8n;
  }, /^elf: segment 3 \(0x275c bytes at 0x3ffff3f8\) runs past the image area's end 0x40000000$/);
  refusedIf((e) => {
    e.phs[3].vaddr = 0x400033f8n;
  }, /^elf: segment 3 \(0x275c bytes at 0x400033f8\) runs past/);
  refusedIf((e) => {
    e.phs[3].memsz = 0xfffffffffffff000n;
  }, /^elf: segment 3 \(0xfffffffffffff000 bytes at 0x4033f8\) runs past/);
  refusedIf((e) => {
    e.phs[3].vaddr = 0xffffffffffffe3f8n;
  }, /^elf: segment 3 \(0x275c bytes at 0xffffffffffffe3f8\) runs past/);
  // Ending exactly at the area's end is fine.
  acceptedIf((e) => {
    e.phs[3].vaddr = 0x3fffd3f8n;
    e.phs[3].memsz = IMAGE_END - 0x3fffd3f8n;
  });
});

test("alignment: the page offset in the file is the page offset in memory", () => {
  refusedIf((e) => {
    e.phs[2].vaddr += 1n;
    e.entry += 1n;
  }, /^elf: segment 2 at 0x4011c1 and its file offset 0x1c0 differ within the page$/);
  refusedIf((e) => {
    e.phs[3].offset -= 8n;
  }, /^elf: segment 3 at 0x4033f8 and its file offset 0x13f0 differ within the page$/);
  for (const a of [3n, 0x1001n, 0x8000000000000001n, -1n])
    refusedIf(
      (e) => {
        e.phs[2].align = a;
      },
      new RegExp(`^elf: segment 2's alignment ${h(BigInt.asUintN(64, a))} is not a power of two$`),
    );
  for (const a of [0n, 1n, 16n, 0x10000n, 1n << 63n])
    acceptedIf((e) => {
      e.phs[2].align = a;
    });
});

test("protection: W^X, no access at all, and what each flag set maps as", () => {
  refusedIf((e) => {
    e.phs[2].flags = PF_R | PF_W | PF_X;
  }, /^elf: segment 2 is writable and executable \(W\^X\)$/);
  refusedIf((e) => {
    e.phs[3].flags = PF_W | PF_X;
  }, /^elf: segment 3 is writable and executable \(W\^X\)$/);
  refusedIf((e) => {
    e.phs[1].flags = 0;
  }, /^elf: segment 1 has none of the flags R, W, X$/);
  refusedIf((e) => {
    e.phs[1].flags = 0xf0000000;
  }, /^elf: segment 1 has none of the flags R, W, X$/);
  // Execute-only and write-only are mapped readable; OS and processor bits are ignored.
  assert.match(
    acceptedIf((e) => {
      e.phs[2].flags = PF_X | 0xf0000000;
    }),
    / 0x4011c0:0x1234:0x1c0:0x1234:r-x /,
  );
  assert.match(
    acceptedIf((e) => {
      e.phs[3].flags = PF_W;
    }),
    / 0x4033f8:0x275c:0x13f8:0x48:rw-$/,
  );
});

test("segments: no overlap, no shared page, at most 64 MiB, returned sorted", () => {
  refusedIf((e) => {
    e.phs[3].vaddr = e.phs[2].vaddr + 0x1000n;
    e.phs[3].offset = e.phs[2].offset;
  }, /^elf: segment 3 overlaps segment 2$/);
  refusedIf((e) => {
    e.phs.push({ ...e.phs[2] });
  }, /^elf: segment 5 overlaps segment 2$/);
  // lld without the page bump: .data in the page where .text ends.
  refusedIf((e) => {
    e.phs[3].vaddr -= 0x1000n;
  }, /^elf: segments 2 and 3 share the page at 0x402000 \(a page has one protection\)$/);
  // The same, with the later segment listed first.
  refusedIf((e) => {
    e.phs[3].vaddr -= 0x1000n;
    [e.phs[2], e.phs[3]] = [e.phs[3], e.phs[2]];
  }, /^elf: segments 2 and 3 share the page at 0x402000/);
  // Touching pages, not sharing one, is fine; so is any order of program headers.
  acceptedIf((e) => {
    e.phs[2].memsz = e.phs[2].filesz = 0x402000n - e.phs[2].vaddr;
    e.size = Math.max(e.size, Number(e.phs[2].offset + e.phs[2].filesz));
  });
  assert.equal(
    acceptedIf((e) => {
      e.phs.reverse();
    }),
    expected(lldLike(X86)),
  );
  // 64 MiB in all may be loaded; a byte more may not, even spread over segments.
  const bssTo = (e: Elf, total: bigint) => {
    e.phs[3].memsz += total - e.phs.reduce((s, p) => s + (p.type === PT_LOAD ? p.memsz : 0n), 0n);
  };
  acceptedIf((e) => bssTo(e, MAX_IMAGE));
  refusedIf((e) => bssTo(e, MAX_IMAGE + 1n), /^elf: segments need 0x4000001 bytes of memory, more than the 64 MiB allowed$/);
  refusedIf((e) => {
    e.phs[3].memsz = 0x3000000n;
    e.phs.push(load(PF_R, 0n, 0x1000_0000n, 0n, 0x1000001n));
  }, /^elf: segments need 0x[0-9a-f]+ bytes of memory, more than the 64 MiB allowed$/);
});

test("the entry point lies in an executable segment", () => {
  refusedIf((e) => {
    e.entry = 0x300000n;
  }, /^elf: entry point 0x300000 lies outside every segment$/);
  refusedIf((e) => {
    e.entry = 0x4033f8n + 0x275cn;
  }, /^elf: entry point 0x405b54 lies outside every segment$/);
  refusedIf((e) => {
    e.entry = 0xffffffffffffffffn;
  }, /^elf: entry point 0xffffffffffffffff lies outside every segment$/);
  refusedIf((e) => {
    e.entry = 0x4011c0n + 0x1234n;
  }, /^elf: entry point 0x4023f4 lies outside every segment$/);
  refusedIf((e) => {
    e.entry = 0x400100n;
  }, /^elf: entry point 0x400100 lies in segment 1, which is not executable$/);
  refusedIf((e) => {
    e.entry = 0x403400n;
  }, /^elf: entry point 0x403400 lies in segment 3, which is not executable$/);
  // First and last byte of the text; in its .bss-like tail (memsz > filesz) too.
  acceptedIf((e) => {
    e.entry = 0x4011c0n;
  });
  acceptedIf((e) => {
    e.entry = 0x4011c0n + 0x1233n;
  });
  acceptedIf((e) => {
    e.phs[2].memsz += 0x20n;
    e.entry = 0x4011c0n + 0x1250n;
  });
});

// ---- random damage -----------------------------------------------------------
const INTERESTING = [
  0n,
  1n,
  2n,
  3n,
  7n,
  8n,
  56n,
  64n,
  0xfffn,
  0x1000n,
  0x1001n,
  0x3fffffn,
  0x400000n,
  0x400001n,
  0x401000n,
  0x3ffff000n,
  0x3fffffffn,
  0x40000000n,
  0x4000000n,
  0x4000001n,
  0xffffffffn,
  1n << 63n,
  -1n,
  -0x1000n,
  -56n,
];
const rand64 = () => (BigInt(Math.floor(rand() * 2 ** 32)) << 32n) | BigInt(Math.floor(rand() * 2 ** 32));
function randomValue(old: bigint): bigint {
  const r = rand();
  if (r < 0.4) return pick(INTERESTING);
  if (r < 0.7) return old + pick([1n, -1n, 8n, -8n, 0x10n, -0x10n, 0x1000n, -0x1000n, 0x100000n]); // near misses
  if (r < 0.85) return BigInt(Math.floor(rand() * 0x10000));
  return rand64();
}

// One mutated file: flips, field values, duplicated or swapped headers, a cut.
function mutant(): { file: Uint8Array; machine: number; len: number; moduleCut: boolean } {
  const e = pick(GOOD());
  let file = write(e);
  const phnum = e.phs.length;
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) {
    const r = rand();
    if (r < 0.2) {
      const i = rand() < 0.8 ? Math.floor(rand() * (64 + phnum * 56)) : Math.floor(rand() * file.length);
      file[i] ^= 1 << Math.floor(rand() * 8);
    } else if (r < 0.35) {
      const [off, w] = pick(Object.values(HDR));
      put(file, off, w, randomValue(get(file, off, w)));
    } else if (r < 0.8) {
      const [off, w] = pick(Object.values(PHF));
      const at = 64 + Math.floor(rand() * phnum) * 56 + off;
      put(file, at, w, randomValue(get(file, at, w)));
    } else if (r < 0.9) {
      const a = 64 + Math.floor(rand() * phnum) * 56,
        b = 64 + Math.floor(rand() * phnum) * 56;
      const pa = file.slice(a, a + 56);
      if (rand() < 0.5) file.copyWithin(a, b, b + 56);
      file.set(pa, b);
    } else {
      const grown = new Uint8Array(file.length + Math.floor(rand() * 0x2000));
      grown.set(file);
      file = grown;
    }
  }
  const cut = rand() < 0.15;
  const len = cut ? Math.floor(rand() * file.length) : file.length;
  return { file, machine: rand() < 0.95 ? e.machine : e.machine === X86 ? RISCV : X86, len, moduleCut: cut && rand() < 0.5 };
}

interface Seg {
  vaddr: bigint;
  memsz: bigint;
  off: bigint;
  filesz: bigint;
  prot: string;
}
function parseOk(out: string): { entry: bigint; segs: Seg[] } {
  const [head, ...rest] = out.split(" ");
  const entry = /^entry=(0x[0-9a-f]+)$/.exec(head)![1];
  return {
    entry: BigInt(entry),
    segs: rest.map((s) => {
      const f = /^(0x[0-9a-f]+):(0x[0-9a-f]+):(0x[0-9a-f]+):(0x[0-9a-f]+):([r-][w-][x-])$/.exec(s);
      assert.ok(f, `segment ${s}`);
      return { vaddr: BigInt(f[1]), memsz: BigInt(f[2]), off: BigInt(f[3]), filesz: BigInt(f[4]), prot: f[5] };
    }),
  };
}

// Everything an accepted file promises, rechecked from its bytes.
function checkAccepted(file: Uint8Array, len: number, machine: number, out: string): void {
  const { entry, segs } = parseOk(out.slice(3));
  const b = file.subarray(0, len);
  assert.ok(len >= 64);
  assert.deepEqual([...b.subarray(0, 7)], [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  assert.deepEqual([get(b, 16, 2), get(b, 18, 2), get(b, 20, 4), get(b, 52, 2), get(b, 54, 2)], [2n, BigInt(machine), 1n, 64n, 56n]);
  const phnum = Number(get(b, 56, 2)),
    phoff = get(b, 32, 8);
  assert.ok(phnum >= 1 && phnum <= 16 && phoff + BigInt(phnum * 56) <= BigInt(len));
  assert.equal(get(b, 24, 8), entry);
  const loads: Seg[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = Number(phoff) + i * 56;
    const type = Number(get(b, p, 4));
    assert.ok(![PT_INTERP, PT_DYNAMIC, PT_TLS].includes(type), `accepted type ${type}`);
    const align = get(b, p + 48, 8);
    if (type !== PT_LOAD || get(b, p + 40, 8) === 0n) continue;
    assert.ok((align & (align - 1n)) === 0n, "alignment a power of two");
    const flags = Number(get(b, p + 4, 4));
    assert.ok((flags & 7) !== 0 && (flags & 3) !== 3, "some access, never W+X");
    loads.push({
      vaddr: get(b, p + 16, 8),
      memsz: get(b, p + 40, 8),
      off: get(b, p + 8, 8),
      filesz: get(b, p + 32, 8),
      prot: protOf(flags),
    });
  }
  loads.sort((x, y) => (x.vaddr < y.vaddr ? -1 : 1));
  assert.deepEqual(segs, loads, "the returned segments are the file's PT_LOADs, sorted");
  assert.ok(segs.length >= 1 && segs.length <= 16);
  let total = 0n;
  segs.forEach((s, k) => {
    assert.ok(s.memsz > 0n && s.filesz <= s.memsz);
    assert.ok(s.filesz === 0n || s.off + s.filesz <= BigInt(len), "file bytes inside the file");
    assert.ok(s.vaddr >= IMAGE_BASE && s.vaddr + s.memsz <= IMAGE_END, "inside the image area");
    assert.equal(s.vaddr % PAGE, s.off % PAGE);
    assert.ok(["r--", "rw-", "r-x"].includes(s.prot));
    if (k > 0) assert.ok(pageUp(segs[k - 1].vaddr + segs[k - 1].memsz) <= pageDown(s.vaddr), "no page shared");
    total += s.memsz;
  });
  assert.ok(total <= MAX_IMAGE);
  assert.ok(
    segs.some((s) => s.prot === "r-x" && entry >= s.vaddr && entry < s.vaddr + s.memsz),
    "entry in executable segment",
  );
}

test("random damage: never a trap, and whatever is accepted keeps every promise", () => {
  let accepted = 0;
  const reasons = new Set<string>();
  for (let i = 0; i < 4000; i++) {
    const c = mutant();
    const out = c.moduleCut ? run(c.file.subarray(0, c.len), c.machine) : run(c.file, c.machine, c.len, { before: 16, after: 0 });
    if (out.startsWith("ok ")) {
      checkAccepted(c.file, c.len, c.machine, out);
      accepted++;
    } else {
      assert.match(out, /^elf: [^\n]+$/, `case ${i}`);
      reasons.add(out.replace(/0x[0-9a-f]+|\d+/g, "N"));
    }
  }
  console.log(`# elf fuzz: ${accepted} of 4000 accepted, ${reasons.size} kinds of refusal`);
  assert.ok(accepted > 200, "the mutations leave enough files good to check");
  assert.ok(reasons.size > 25, "and reach most refusals");
});

test("no leak, and collections at every allocation change nothing", async () => {
  const good = write(lldLike(RISCV));
  run(good, RISCV);
  m.exports.collect();
  const base = m.exports.liveBytes();
  const cases = Array.from({ length: 300 }, mutant);
  const outs = cases.map((c) => run(c.file, c.machine, c.len));
  run(good, RISCV);
  m.exports.collect();
  assert.equal(m.exports.liveBytes(), base, "live bytes back to the baseline");

  const eager = await loadModule("elf", mem);
  eager.exports.setThreshold(0);
  cases.forEach((c, i) => assert.equal(run(c.file, c.machine, c.len, undefined, eager), outs[i], `case ${i}`));
});
