// The user ABI (abi/*.ts) against what docs/syscalls.md and docs/cells.md
// promise cells: every call number, error code, kind, right and fault code,
// read from the documents' own tables. abi/ is the one copy the kernel, the
// cells' library and the C header use; the documents are written by hand, so
// this is what keeps the two in step. Also the generator of that C header:
// what it emits, and that it refuses what it cannot evaluate.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as syscalls from "../../abi/syscalls.ts";
import * as errors from "../../abi/errors.ts";
import * as caps from "../../abi/caps.ts";
import * as traps from "../../abi/traps.ts";
import * as memory from "../../abi/memory.ts";
import * as slots from "../../abi/slots.ts";
import * as ipc from "../../abi/ipc.ts";

const root = new URL("../../", import.meta.url);
const doc = (name: string): string => readFileSync(new URL(`docs/${name}`, root), "utf8");

// The rows of the markdown table whose header row starts with `firstColumn`.
function table(md: string, firstColumn: string): string[][] {
  const lines = md.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`| ${firstColumn} |`));
  assert.ok(start >= 0, `no table headed '${firstColumn}'`);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith("|"); i++) {
    rows.push(
      lines[i]
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const exported = (mod: object, prefix: string): Map<string, number> =>
  new Map(Object.entries(mod).filter(([k, v]) => k.startsWith(prefix) && typeof v === "number") as [string, number][]);

test("every system call of docs/syscalls.md has its number in abi/syscalls.ts, and no other", () => {
  const rows = table(doc("syscalls.md"), "no.");
  const documented = new Map(rows.map(([no, name]) => [`SYS_${name.replaceAll("`", "").toUpperCase()}`, Number(no)]));
  assert.deepEqual(exported(syscalls, "SYS_"), documented);
});

test("the kernel's dispatch table has one case per system call of abi/syscalls.ts, and no other", () => {
  const source = readFileSync(new URL("kernel/syscall/trap.ts", root), "utf8");
  const cases = [...source.matchAll(/case sys\.(SYS_[A-Z_]+):/g)].map((m) => m[1]).sort();
  assert.deepEqual(cases, [...exported(syscalls, "SYS_").keys()].sort());
});

test("error codes: abi/errors.ts is docs/syscalls.md's table, and errorName names each", () => {
  const rows = table(doc("syscalls.md"), "code");
  const documented = new Map(rows.map(([code, name]) => [name.replaceAll("`", ""), Number(code)]));
  assert.deepEqual(exported(errors, "E_"), documented);
  for (const [name, code] of documented) assert.equal(errors.errorName(code), name);
  assert.equal(errors.errorName(0), "ok");
  assert.equal(errors.errorName(-99), "E_-99");
});

test("capability kinds and their rights: abi/caps.ts is docs/syscalls.md's table", () => {
  const rows = table(doc("syscalls.md"), "kind");
  const bit: Record<string, number> = {};
  for (const [kind, value, rights] of rows) {
    assert.equal((caps as Record<string, unknown>)[`KIND_${kind.toUpperCase()}`], Number(value), kind);
    assert.equal(caps.kindName(Number(value)), kind);
    let mask = 0;
    for (const m of rights.matchAll(/([A-Z]+) \((\d)\)/g)) {
      mask |= 1 << Number(m[2]);
      bit[m[1]] = Number(m[2]);
      assert.equal((caps as Record<string, unknown>)[`R_${m[1]}`], 1 << Number(m[2]), `R_${m[1]}`);
    }
    assert.equal(caps.validRights(Number(value)), mask, `${kind}'s rights`);
  }
  assert.equal(Object.keys(bit).length, exported(caps, "R_").size, "every right the docs name, and no other");
  assert.equal(caps.CAP_SLOTS, 64);
  assert.equal(caps.rightsName(caps.KIND_ENDPOINT, caps.R_RECV | caps.R_SEND), "recv,send");
});

test("fault codes: abi/traps.ts is docs/cells.md's list", () => {
  const line = doc("cells.md")
    .replaceAll("\n", " ")
    .match(/Fault codes \(`cell_status` r1 when faulted\): ([^.]+)\./);
  assert.ok(line, "docs/cells.md lists the fault codes");
  const codes = [...line[1].matchAll(/(\d+) ([^,]+)/g)].map((m) => Number(m[1]));
  const faults = [
    traps.USER_PAGE_FAULT,
    traps.USER_ILLEGAL,
    traps.USER_PROTECTION,
    traps.USER_BREAKPOINT,
    traps.USER_MISALIGNED,
    traps.USER_ARITHMETIC,
    traps.USER_OTHER,
    traps.FAULT_WASM_TRAP,
    traps.FAULT_BUDGET,
  ];
  assert.deepEqual(codes, faults);
  assert.equal(traps.faultResult(traps.FAULT_BUDGET), "cpu-budget");
  assert.equal(traps.wasmTrapName(traps.WASM_TRAP_ABORT), "abort");
});

test("the address space and the IPC info word match docs/syscalls.md", () => {
  const rows = table(doc("syscalls.md"), "range");
  const range = (what: string): [number, number] => {
    const row = rows.find((r) => r[1].includes(what));
    assert.ok(row, what);
    const [lo, hi] = row[0].replaceAll("`", "").replaceAll("_", "").split(" - ").map(Number);
    return [lo, hi];
  };
  assert.deepEqual(range("image"), [memory.IMAGE_BASE, memory.IMAGE_END - 1]);
  assert.equal(range("stack")[1], memory.STACK_TOP);
  assert.deepEqual(range("map area"), [memory.MAP_BASE, memory.MAP_END]);
  assert.equal(ipc.infoWord(0x1234, 7), 0x1234 | (7 << 16));
  assert.equal(ipc.infoLabel(ipc.infoWord(0xffff)), 0xffff);
  assert.equal(ipc.infoSlot(ipc.infoWord(1)), caps.NO_SLOT);
  assert.equal(ipc.infoIsCall(ipc.INFO_CALL | 5), true);
});

test("the standard slots match docs/cells.md's table", () => {
  const rows = table(doc("cells.md"), "slot");
  const at = (what: string): number => Number(rows.find((r) => r[1].toLowerCase().includes(what))?.[0]);
  assert.equal(at("stdout"), slots.STDOUT);
  assert.equal(at("stdin"), slots.STDIN);
  assert.equal(at("spawn"), slots.SPAWN);
  assert.equal(at("kinfo"), slots.KINFO);
  assert.equal(at("initrd"), slots.INITRD);
});

function generate(...files: string[]): { status: number; out: string; err: string } {
  try {
    const out = execFileSync("node", ["--import", "tsx", "scripts/gen-constants.ts", ...files], {
      cwd: root,
      encoding: "utf8",
      stdio: "pipe",
    });
    return { status: 0, out, err: "" };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { status: x.status, out: x.stdout, err: x.stderr };
  }
}

test("gen-constants: every integer constant of the ABI, in C, suffixed where 64-bit", () => {
  const { status, out } = generate("abi/syscalls.ts", "abi/errors.ts", "abi/memory.ts");
  assert.equal(status, 0);
  assert.match(out, /^#define SYS_ARGS 32$/m);
  assert.match(out, /^#define E_BUSY \(-12\)$/m);
  assert.match(out, /^#define MAP_BASE NX_U64\(0x100000000\)$/m);
  assert.match(out, /^#define MAP_ANON 0xffffffff$/m);
  const defines = out.split("\n").filter((l) => l.startsWith("#define SYS_")).length;
  assert.equal(defines, exported(syscalls, "SYS_").size);
});

test("gen-constants: a constant it cannot evaluate is an error naming the file and line", () => {
  const dir = mkdtempSync(join(tmpdir(), "nexus-gen-"));
  const bad = join(dir, "bad.ts");
  writeFileSync(bad, "export const A: u32 = 1;\nexport const B: u32 = someCall();\n");
  const r = generate(bad);
  assert.equal(r.status, 1);
  assert.match(r.err, /bad\.ts:2: cannot evaluate 'someCall\(\)' for C/);
  writeFileSync(bad, "export const A: u32 = LATER;\nexport const LATER: u32 = 1;\n");
  assert.match(generate(bad).err, /bad\.ts:1: LATER is not a constant defined earlier in this file/);
});
