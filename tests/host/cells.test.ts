// The cells' TS library (cells/lib/) under Node, built with the cells' own
// asc settings (cells/asconfig.json), its sys imports played by a fake kernel
// in JS: the system-call registers each wrapper passes, console UTF-8 and
// line editing, spawn's argument block, mapShared, and the shared ring
// (wrap-around of the buffer and of its u32 counters, against a model).
// Then the C runtime (cells/rt/start.c): cells built by the same asc and
// wasm2c steps, compiled for Linux with tests/host/lib/cellhost.c in the
// kernel's place, run as processes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync, statSync, existsSync, renameSync, readdirSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAsc } from "./lib/asc.ts";
import {
  SYS_MAP,
  SYS_SEND,
  SYS_RECV,
  SYS_CALL,
  SYS_NOTIFY,
  SYS_WAIT,
  SYS_SPAWN,
  SYS_CONSOLE_WRITE,
  SYS_CONSOLE_READ,
  MAP_ANON,
} from "../../abi/syscalls.ts";
import { LINEAR_BASE } from "../../abi/memory.ts";
import * as errors from "../../abi/errors.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The ABI's values (abi/); addresses and 64-bit arguments arrive as bigints.
const MEM_BASE = BigInt(LINEAR_BASE);
const ANON = BigInt(MAP_ANON);
const SYS = {
  MAP: SYS_MAP,
  SEND: SYS_SEND,
  RECV: SYS_RECV,
  CALL: SYS_CALL,
  NOTIFY: SYS_NOTIFY,
  WAIT: SYS_WAIT,
  SPAWN: SYS_SPAWN,
  CONSOLE_WRITE: SYS_CONSOLE_WRITE,
  CONSOLE_READ: SYS_CONSOLE_READ,
};

async function compile(): Promise<Uint8Array> {
  const entry = resolve(root, "tests/host/wasm/cells.ts");
  const out = resolve(root, "build/host/cells.wasm");
  const sources = [
    entry,
    resolve(root, "cells/asconfig.json"),
    ...readdirSync(resolve(root, "cells/lib")).map((f) => resolve(root, "cells/lib", f)),
    ...readdirSync(resolve(root, "abi")).map((f) => resolve(root, "abi", f)),
  ];
  if (existsSync(out) && statSync(out).mtimeMs > Math.max(...sources.map((f) => statSync(f).mtimeMs))) return readFileSync(out);
  mkdirSync(dirname(out), { recursive: true });
  const asc = await loadAsc();
  const { error, stderr } = await asc.main([
    entry,
    "--config",
    resolve(root, "cells/asconfig.json"),
    "--exportRuntime",
    "--baseDir",
    root,
    "-o",
    `${out}.${process.pid}.wasm`,
  ]);
  if (error) throw new Error(`asc failed:\n${stderr.toString()}`);
  renameSync(`${out}.${process.pid}.wasm`, out);
  return readFileSync(out);
}

// r0, or r0-r5, for each call; every call is recorded as [n, a0..a5].
type Handler = (n: number, a: bigint[]) => bigint | bigint[];
let handler: Handler = () => 0n;
let calls: bigint[][] = [];
let results: bigint[] = [0n, 0n, 0n, 0n, 0n, 0n];
let exp: any;
const view = () => new DataView(exp.memory.buffer);
const bytesAt = (addr: bigint, len: number) => new Uint8Array(exp.memory.buffer, Number(addr - MEM_BASE), len);

const imports = {
  sys: {
    call: (n: number, ...a: bigint[]) => {
      a = a.map((x) => BigInt.asUintN(64, x));
      calls.push([BigInt(n), ...a]);
      const r = handler(n, a);
      results = Array.isArray(r) ? [...r, 0n, 0n, 0n, 0n, 0n].slice(0, 6) : [r, 0n, 0n, 0n, 0n, 0n];
      return BigInt.asIntN(64, results[0]);
    },
    result: (i: number) => BigInt.asIntN(64, results[i] ?? 0n),
    reserve: (n: number) => {
      try {
        return exp.memory.grow(n);
      } catch {
        return -1;
      }
    },
    load_acquire: (off: number) => view().getUint32(off >>> 0, true),
    store_release: (off: number, v: number) => view().setUint32(off >>> 0, v >>> 0, true),
  },
  env: {
    abort: (msg: number, file: number, line: number) => {
      throw new Error(`abort: ${str(msg)} at ${str(file)}:${line}`);
    },
  },
};

function str(ptr: number): string {
  const len = view().getUint32((ptr >>> 0) - 4, true);
  return Buffer.from(new Uint8Array(exp.memory.buffer, ptr >>> 0, len)).toString("utf16le");
}
function newStr(s: string): number {
  const ptr = exp.__new(s.length * 2, 2) >>> 0;
  const m = new Uint16Array(exp.memory.buffer, ptr, s.length);
  for (let i = 0; i < s.length; i++) m[i] = s.charCodeAt(i); // code units, lone surrogates too
  return ptr;
}
function reset(h: Handler = () => 0n): void {
  handler = h;
  calls = [];
}

test("cells library: build and instantiate", async () => {
  const { instance } = await WebAssembly.instantiate(await compile(), imports);
  exp = instance.exports;
});

test("print: UTF-16 to UTF-8, any length, short writes, a console that fails", () => {
  for (const s of ["hello: running in user mode\n", "é€ 😀 \ud800x \udc00", "x".repeat(1000) + "€".repeat(300), ""]) {
    const got: number[] = [];
    reset((n, a) => {
      assert.equal(n, SYS.CONSOLE_WRITE);
      assert.equal(a[0], 3n);
      const k = Math.min(Number(a[2]), 7); // the console takes at most 7 bytes a call
      got.push(...bytesAt(a[1], k));
      return BigInt(k);
    });
    exp.printStr(newStr(s), 3);
    assert.deepEqual(Buffer.from(got), Buffer.from(s, "utf8"), JSON.stringify(s.slice(0, 20)));
  }
  reset(() => -3n); // E_KIND: the text is dropped, the call returns
  exp.printStr(newStr("lost"), 0);
  assert.equal(calls.length, 1);
});

// Feeds `input` to console_read a byte at a time; E_GONE once it is used up.
function feed(input: string): { out: () => string } {
  const bytes = Buffer.from(input, "latin1");
  let i = 0;
  const out: number[] = [];
  reset((n, a) => {
    if (n === SYS.CONSOLE_WRITE) {
      out.push(...bytesAt(a[1], Number(a[2])));
      return a[2];
    }
    assert.equal(n, SYS.CONSOLE_READ);
    assert.equal(a[2], 1n);
    if (i === bytes.length) return -9n;
    bytesAt(a[1], 1)[0] = bytes[i++];
    return 1n;
  });
  return { out: () => Buffer.from(out).toString("latin1") };
}

test("readLine: CR, LF and CR LF end a line; backspace removes whole UTF-8 characters; echo", () => {
  feed("abc\r\ndef\nghi\r\rjk\x7fl\n\x08\x08m\xc3\xa9\x08\x7fn\n");
  const lines = [];
  for (let i = 0; i < 6; i++) lines.push(str(exp.readLineStr(0, false)));
  assert.deepEqual(lines, ["abc", "def", "ghi", "", "jl", "n"]);
  assert.equal(calls.filter((c) => c[0] === BigInt(SYS.CONSOLE_WRITE)).length, 0, "no echo asked");
  const c = feed("ab\x7fc\r");
  assert.equal(str(exp.readLineStr(0, true)), "ac");
  assert.equal(c.out(), "ab\b \bc\n");
  feed("tail without an end");
  assert.equal(str(exp.readLineStr(0, false)), "tail without an end");
  feed("x".repeat(2000) + "\n");
  assert.equal(str(exp.readLineStr(0, false)), "x".repeat(1023));
});

test("errorName: every code of docs/syscalls.md", () => {
  for (const [name, code] of Object.entries(errors)) {
    if (name.startsWith("E_")) assert.equal(str(exp.errorName(BigInt(code as number))), name);
  }
  assert.equal(str(exp.errorName(0n)), "ok");
  assert.equal(str(exp.errorName(-99n)), "E_-99", "a code the ABI does not name, by number");
});

test("spawn: the 32-byte argument block", () => {
  let seen: any = null;
  reset((n, a) => {
    assert.equal(n, SYS.SPAWN);
    const b = new DataView(exp.memory.buffer, Number(a[1] - MEM_BASE), 32);
    const namePtr = b.getBigUint64(0, true),
      capsPtr = b.getBigUint64(16, true);
    const ncaps = b.getUint32(12, true);
    const caps = new DataView(exp.memory.buffer, Number(capsPtr - MEM_BASE), 4 * ncaps);
    seen = {
      cell: a[0],
      name: Buffer.from(bytesAt(namePtr, b.getUint32(8, true))).toString("utf8"),
      caps: Array.from({ length: ncaps }, (_, i) => caps.getUint32(4 * i, true)),
      notify: b.getUint32(24, true),
      budget: b.getUint32(28, true),
    };
    return 9n;
  });
  assert.equal(exp.spawn(1, newStr("héllo"), 0, 5, 255, 1500), 9n);
  assert.deepEqual(seen, { cell: 1n, name: "héllo", caps: [0, 5], notify: 255, budget: 1500 });
});

test("recv and call: arguments in order, r1-r5 into the reused Msg", () => {
  reset(() => [0n, 0x1ff0007n, 10n, 0xffffffffffffffffn, 12n, 13n]);
  assert.equal(str(exp.recvMsg(4)), "0 33488903 10 18446744073709551615 12 13");
  assert.deepEqual(calls[0], [BigInt(SYS.RECV), 4n, 0n, 0n, 0n, 0n, 0n]);
  reset(() => [0n, 7n, 100n, 0n, 0n, 400n]);
  assert.equal(str(exp.callMsg(2, 0x12345)), "0 7 100 400");
  assert.deepEqual(calls[0], [BigInt(SYS.CALL), 2n, 0xff2345n, 1n, 2n, 3n, 4n]); // label cut to 16 bits, no capability
  reset(() => -9n); // an error leaves the Msg as it was
  assert.equal(str(exp.recvMsg(4)), "-9 7 100 0 0 400");
});

test("mapShared: the region where the linear memory grew, the rest of its wasm page anonymous", () => {
  reset(() => 0n);
  const pages = exp.memory.buffer.byteLength / 65536;
  assert.equal(exp.mapShared(6, 3), BigInt(pages * 65536));
  assert.equal(exp.memory.buffer.byteLength, (pages + 1) * 65536);
  const va = MEM_BASE + BigInt(pages * 65536);
  assert.deepEqual(calls, [
    [BigInt(SYS.MAP), 6n, va, 3n, 3n, 0n, 0n],
    [BigInt(SYS.MAP), ANON, va + 3n * 4096n, 13n, 3n, 0n, 0n],
  ]);
  reset((n, a) => (a[0] === 6n ? -7n : 0n));
  assert.equal(exp.mapShared(6, 32), -7n);
  assert.deepEqual(
    calls.map((c) => [c[1], c[3]]),
    [
      [6n, 32n],
      [ANON, 32n],
    ],
    "the hole is filled with anonymous pages",
  );
});

test("ring: wrap-around of the buffer and of the u32 counters, against a model", () => {
  reset(() => 0n);
  const base = Number(exp.mapShared(7, 2)); // 8 KiB: capacity 4096
  const H = exp.ringHeader();
  assert.equal(exp.ringCreate(base, 8192), 4096);
  assert.equal(exp.ringAttach(base), 4096);
  const v = view();
  v.setUint32(base, 0xfffff000, true); // head and tail just below 2^32
  v.setUint32(base + 64, 0xfffff000, true);
  const model: number[] = [];
  let seed = 12345,
    next = 1;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const scratch = () => new Uint8Array(exp.memory.buffer, exp.scratchPtr(), 65536);
  for (let i = 0; i < 3000; i++) {
    if (rand(2) === 0) {
      const len = rand(1500);
      for (let k = 0; k < len; k++) scratch()[k] = (next + k) & 0xff;
      const n = exp.ringPush(len);
      assert.equal(n, Math.min(len, 4096 - model.length));
      for (let k = 0; k < n; k++) model.push((next + k) & 0xff);
      next += n;
    } else {
      const len = rand(1500);
      const n = exp.ringPop(len);
      assert.equal(n, Math.min(len, model.length));
      assert.deepEqual(Array.from(scratch().subarray(0, n)), model.splice(0, n));
    }
    assert.equal(exp.ringAvailable(), model.length);
    assert.equal(exp.ringFree(), 4096 - model.length);
  }
  assert.ok(view().getUint32(base, true) < 0xfffff000, "the head counter wrapped");
  assert.equal(H, 128);
});

test("ring: the writer notifies, the reader waits while it is empty", () => {
  reset(() => 0n);
  while (exp.ringPop(65536) > 0);
  reset(() => 0n);
  assert.equal(exp.ringSend(5, 0), 0);
  assert.equal(calls.length, 0, "nothing pushed, nobody told");
  assert.equal(exp.ringSend(5, 10), 10);
  assert.deepEqual(calls, [[BigInt(SYS.NOTIFY), 5n, 4n, 0n, 0n, 0n, 0n]]);
  assert.equal(exp.ringReceive(5, 100), 10n);
  let waits = 0;
  reset((n, a) => {
    assert.equal(n, SYS.WAIT);
    assert.equal(a[0], 8n);
    if (++waits === 2) exp.ringPush(3); // the producer, while the reader sleeps
    return 1n;
  });
  assert.equal(exp.ringReceive(8, 100), 3n);
  assert.equal(waits, 2);
  reset(() => -9n);
  assert.equal(exp.ringReceive(8, 100), -9n, "a failed wait ends the receive");
});

test("every wrapper: its call number and argument registers (docs/syscalls.md)", () => {
  reset(() => 0n);
  exp.everyCall();
  const B = MEM_BASE,
    P = MEM_BASE + 16n;
  const want: bigint[][] = [
    [1n],
    [2n, 5n],
    [3n, 1n, B, 2n, 3n],
    [4n, B, 2n],
    [5n, 4n],
    [6n, 1n, 2n, 3n, 4n, 5n, 6n],
    [9n, 2n, 3n, 4n, 5n, 6n],
    [10n, 1n, 2n, 3n, 4n, 5n, 6n],
    [11n, 1n, 8n],
    [12n, 1n],
    [13n, 1n],
    [14n, 1n, 3n],
    [15n, 1n],
    [16n, 1n],
    [17n, 1n],
    [19n, 1n],
    [20n, 1n],
    [21n, 1n],
    [22n, 0n, P, 4n],
    [23n, 0n, P, 4n],
    [24n, 2n, 1n, P, 4n],
    [25n],
    [27n, 1n],
    [28n, 1n],
    [29n],
    [30n],
  ];
  const pad = (c: bigint[]) => [...c, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 7);
  assert.deepEqual(calls.slice(0, want.length), want.map(pad));
  const f = calls[want.length]; // file_read: initrd slot, name pointer and length, offset, buffer, length
  assert.deepEqual([f[0], f[1], f[3], f[4], f[5], f[6]], [31n, 3n, 2n, 7n, P, 4n]);
  assert.equal(Buffer.from(bytesAt(f[2], 2)).toString(), "ab");
  assert.equal(calls.length, want.length + 1);
  reset(() => 0n);
  assert.throws(() => exp.exitNow(-2), /unreachable/);
  assert.throws(() => exp.trapNow(100), /unreachable/);
  assert.deepEqual(calls, [pad([0n, 0xfffffffffffffffen]), pad([26n, 100n])]);
  assert.equal(str(exp.infoParts(0x1ff0007n)), "7 255 reply");
  assert.equal(str(exp.infoParts(0x0030009n)), "9 3 -");
});

test("ring: bytes arrays; sendAll yields while the ring is full", () => {
  assert.equal(exp.ringBytes(100), 100);
  const got: number[] = [];
  reset((n) => {
    if (n === 1) {
      // yield: the consumer runs
      const k = exp.ringPopOther(1000);
      got.push(...new Uint8Array(exp.memory.buffer, exp.otherPtr(), k));
    }
    return 0n;
  });
  const src = new Uint8Array(exp.memory.buffer, exp.scratchPtr(), 10000);
  for (let i = 0; i < 10000; i++) src[i] = (i * 13) & 0xff;
  exp.ringSendAll(2, 10000);
  const k = exp.ringPopOther(65536);
  got.push(...new Uint8Array(exp.memory.buffer, exp.otherPtr(), k));
  assert.equal(got.length, 10000);
  assert.ok(got.every((b, i) => b === ((i * 13) & 0xff)));
  assert.ok(calls.some((c) => c[0] === 1n) && calls.some((c) => c[0] === 11n && c[1] === 2n && c[2] === 1n));
});

// The runtime's constants, generated from abi/ as the build does, once per run.
let constants = "";
function constantsDir(): string {
  if (constants !== "") return constants;
  const dir = resolve(root, "build/host/cells");
  mkdirSync(dir, { recursive: true });
  const abi = readdirSync(resolve(root, "abi"))
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => `abi/${f}`);
  execFileSync("sh", ["-c", `node --import tsx scripts/gen-constants.ts ${abi.join(" ")} > ${dir}/constants.h`], { cwd: root });
  return (constants = dir);
}

// A cell built as the Makefile does up to wasm2c, then for Linux with the fake kernel.
function hostedCell(name: string, entry: string): string {
  const dir = resolve(root, "build/host/cells", name);
  mkdirSync(dir, { recursive: true });
  execFileSync(resolve(root, "node_modules/.bin/asc"), [entry, "--config", "cells/asconfig.json", "-o", `${dir}/cell.wasm`], { cwd: root });
  execFileSync("wasm2c", [`${dir}/cell.wasm`, "-o", `${dir}/cell.c`, "-n", "cell"]);
  const header = readFileSync(`${dir}/cell.h`, "utf8");
  const args = /^void Z_cell_instantiate\(Z_cell_instance_t\*(.*)\);$/m.exec(header)![1].replace(/struct \w+\*/g, "0");
  execFileSync(
    "clang",
    [
      "-std=c11",
      "-O1",
      "-w",
      "-DNDEBUG",
      "-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0",
      `-DCELL_IMPORTS=${args}`,
      "-I",
      dir,
      "-I",
      constantsDir(),
      `${dir}/cell.c`,
      "cells/rt/start.c",
      "tests/host/lib/cellhost.c",
      "-lm",
      "-o",
      `${dir}/cell`,
    ],
    { cwd: root },
  );
  return `${dir}/cell`;
}
function runCell(exe: string) {
  const r = spawnSync(exe, { encoding: "utf8" });
  const sys = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("sys "))
    .map((l) =>
      l
        .split(" ")
        .slice(1)
        .map((x) => BigInt(x)),
    );
  return { status: r.status, out: r.stdout, err: r.stderr, sys };
}

test("runtime: hello maps its linear memory at 0x1_0000_0000, prints on slot 0, exits 0", () => {
  const r = runCell(hostedCell("hello", "cells/tests/hello/main.ts"));
  assert.equal(r.out, "hello: running in user mode\n");
  assert.equal(r.status, 0);
  assert.deepEqual(r.sys[0], [3n, ANON, MEM_BASE, 16n, 3n], "map(anonymous, 0x1_0000_0000, one wasm page, READ|WRITE)");
  assert.equal(r.sys[1][0], BigInt(SYS.CONSOLE_WRITE));
  assert.equal(r.sys[1][1], 0n);
  assert.deepEqual(r.sys.at(-1), [0n, 0n, 0n, 0n, 0n], "exit(0)");
});

test("runtime: memory.grow maps more pages, mapShared and a ring, an error name, then AS abort is trap 100", () => {
  const r = runCell(hostedCell("rt", "tests/host/wasm/cell-rt.ts"));
  const lines = r.out.split("\n");
  assert.match(lines[0], /^rt: start, 1 pages$/);
  assert.match(lines[1], /^rt: grew to (\d+) pages$/);
  const pages = BigInt(/(\d+) pages$/.exec(lines[1])![1]);
  assert.ok(pages > 48n && pages <= 256n);
  assert.equal(lines[2], `rt: shared at ${pages * 65536n}, capacity 8192: through the ring`);
  assert.equal(lines[3], "rt: call 99: E_NOSYS");
  assert.match(lines[4], /^abort: deliberate tests\/host\/wasm\/cell-rt\.ts:\d+$/);
  assert.match(r.err, /trap 100\n/);
  assert.equal(r.status, 99);
  // Growth maps right after what is there, 16 pages per wasm page; the shared
  // region is mapped by the TS side, the rest of its wasm page anonymous.
  let end = MEM_BASE;
  for (const [n, slot, va, count] of r.sys.filter((c) => c[0] === 3n)) {
    if (slot === ANON && va === end) end += count * 4096n;
  }
  assert.equal(end, MEM_BASE + pages * 65536n, "anonymous growth up to the shared wasm page");
  assert.ok(
    r.sys.some((c) => c[0] === 3n && c[1] === 5n && c[2] === end && c[3] === 3n),
    "the memory capability at its wasm page",
  );
  assert.ok(
    r.sys.some((c) => c[0] === 3n && c[1] === ANON && c[2] === end + 3n * 4096n && c[3] === 13n),
    "the rest of that wasm page",
  );
});

test("runtime: an access past the linear memory is wasm trap 1", () => {
  const r = runCell(hostedCell("oob", "tests/host/wasm/cell-oob.ts"));
  assert.match(r.err, /trap 1\n/);
  assert.equal(r.status, 99);
  assert.equal(r.out, "");
});
