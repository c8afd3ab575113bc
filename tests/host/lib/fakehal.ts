// A fake HAL for host tests: the same TS kernel modules, compiled to wasm, run
// under Node with "physical memory" made of byte regions placed at chosen
// addresses. Any access outside every region throws, so a parser that reads
// past what it was given fails the test instead of reading garbage.
import { readFileSync, readdirSync, mkdirSync, statSync, existsSync, renameSync } from "node:fs";
import { dirname, resolve, basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAsc } from "./asc.ts";

export class FakeMemory {
  regions: { base: bigint; bytes: Uint8Array }[] = [];

  map(base: bigint, bytes: Uint8Array): void {
    this.regions.push({ base, bytes });
  }

  private find(addr: bigint, size: number): { view: DataView; off: number } {
    addr = BigInt.asUintN(64, addr); // wasm i64 arrives signed
    for (const r of this.regions) {
      if (addr >= r.base && addr + BigInt(size) <= r.base + BigInt(r.bytes.length)) {
        return { view: new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), off: Number(addr - r.base) };
      }
    }
    throw new Error(`fake HAL: access of ${size} bytes at 0x${addr.toString(16)} outside every mapped region`);
  }

  load(addr: bigint, size: number): bigint {
    const { view, off } = this.find(addr, size);
    switch (size) {
      case 1:
        return BigInt(view.getUint8(off));
      case 2:
        return BigInt(view.getUint16(off, true));
      case 4:
        return BigInt(view.getUint32(off, true));
      default:
        return view.getBigUint64(off, true);
    }
  }

  store(addr: bigint, size: number, v: bigint): void {
    const { view, off } = this.find(addr, size);
    switch (size) {
      case 1:
        view.setUint8(off, Number(v & 0xffn));
        break;
      case 2:
        view.setUint16(off, Number(v & 0xffffn), true);
        break;
      case 4:
        view.setUint32(off, Number(v & 0xffffffffn), true);
        break;
      default:
        view.setBigUint64(off, BigInt.asUintN(64, v), true);
    }
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

// Newest modification time of any TS source the kernel modules could import.
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ["abi", "kernel", "boot", "drivers", "hal", "tests/host/wasm"]) walk(resolve(root, d));
  return newest;
}

// The kernel's runtime settings (asconfig.json): its runtime, shadow-stack size
// and the aliases that route raw allocations through the runtime's counter.
function runtimeArgs(): string[] {
  const opts = JSON.parse(readFileSync(resolve(root, "asconfig.json"), "utf8")).options;
  return ["--runtime", opts.runtime, "--stackSize", String(opts.stackSize), ...opts.use.flatMap((u: string) => ["--use", u])];
}

// Compile tests/host/wasm/<name>.ts (which imports the kernel modules under
// test) with the same asc and runtime the kernel uses; build/host/ caches the
// result until a source or asconfig.json changes (a compile takes seconds).
async function compile(name: string): Promise<Uint8Array> {
  const entry = resolve(root, "tests/host/wasm", `${name}.ts`);
  const out = resolve(root, "build/host", `${name}.wasm`);
  mkdirSync(dirname(out), { recursive: true });
  const newest = Math.max(newestSource(), statSync(resolve(root, "asconfig.json")).mtimeMs);
  if (existsSync(out) && statSync(out).mtimeMs > newest) return readFileSync(out);
  const asc = await loadAsc();
  const { error, stderr } = await asc.main([
    entry,
    "-o",
    `${out}.${process.pid}.wasm`,
    ...runtimeArgs(),
    "-O1",
    "--debug",
    "--use",
    "KTEST=0",
    "--exportRuntime",
    "--baseDir",
    root,
  ]);
  if (error) throw new Error(`asc failed for ${basename(entry)}:\n${stderr.toString()}`);
  renameSync(`${out}.${process.pid}.wasm`, out); // test files may compile at once
  return readFileSync(out);
}

export interface Loaded {
  exports: any;
  mem: FakeMemory;
  str(ptr: number): string; // read an AS string returned by an export
  newStr(s: string): number; // make an AS string to pass in
}

export async function loadModule(name: string, mem: FakeMemory = new FakeMemory()): Promise<Loaded> {
  const bytes = await compile(name);
  let exp: any = null;
  const readStr = (ptr: number): string => {
    if (ptr === 0) return "<null>";
    const m = new Uint8Array(exp.memory.buffer);
    const len = new DataView(exp.memory.buffer).getUint32(ptr - 4, true);
    return Buffer.from(m.subarray(ptr, ptr + len)).toString("utf16le");
  };
  // One object per import module of the kernel's HAL (hal/*.ts, hal/<arch>/*.ts,
  // kernel/trust/keys.ts, kernel/ktest/panic.ts). What the tests never reach
  // throws, so a test that strays into it fails loudly.
  const never = (name: string) => () => {
    throw new Error(`${name}() called in a host test`);
  };
  const memory = {
    load8: (a: bigint) => Number(mem.load(a, 1)),
    load16: (a: bigint) => Number(mem.load(a, 2)),
    load32: (a: bigint) => Number(mem.load(a, 4)),
    load64: (a: bigint) => mem.load(a, 8),
    store8: (a: bigint, v: number) => mem.store(a, 1, BigInt(v)),
    store16: (a: bigint, v: number) => mem.store(a, 2, BigInt(v)),
    store32: (a: bigint, v: number) => mem.store(a, 4, BigInt(v >>> 0)),
    store64: (a: bigint, v: bigint) => mem.store(a, 8, v),
    copy: (dst: bigint, src: bigint, len: bigint) => {
      const tmp: bigint[] = [];
      for (let i = 0n; i < len; i++) tmp.push(mem.load(src + i, 1));
      tmp.forEach((b, i) => mem.store(dst + BigInt(i), 1, b));
    },
    fill: (dst: bigint, v: number, len: bigint) => {
      for (let i = 0n; i < len; i++) mem.store(dst + i, 1, BigInt(v & 0xff));
    },
    copy_in: (dst: number, src: bigint, len: number) => {
      const m = new Uint8Array(exp.memory.buffer);
      for (let i = 0; i < len; i++) m[(dst >>> 0) + i] = Number(mem.load(src + BigInt(i), 1));
    },
    copy_out: (dst: bigint, src: number, len: number) => {
      const m = new Uint8Array(exp.memory.buffer);
      for (let i = 0; i < len; i++) mem.store(dst + BigInt(i), 1, BigInt(m[(src >>> 0) + i]));
    },
  };
  const mmu = {
    set_page_table: () => {},
    flush_tlb: () => {},
    tlb_shootdown: () => {},
    address_bits: () => 48,
    probe_read: never("probe_read"),
    probe_write: never("probe_write"),
    probe_execute: never("probe_execute"),
    probe_fault_address: () => 0n,
  };
  const layout = {
    image_start: () => 0n,
    text_end: () => 0n,
    rodata_start: () => 0n,
    rodata_end: () => 0n,
    data_start: () => 0n,
    image_end: () => 0n,
    boot_stack_guard: () => 0n,
    linear_memory_guard: () => 0n,
    guard_page: () => 0n,
    linear_memory_base: () => 0n,
    linear_memory_size: () => 0n,
    linear_memory_image_bytes: () => 0n,
    linear_memory_max: () => 0n,
    heap_growable: () => {},
  };
  const cpu = { index: () => 0, cycles: () => 0n, wait_for_interrupt: never("wait_for_interrupt"), halt: never("halt") };
  const smp = {
    prepare: () => 0n,
    arrived: () => 0,
    set_hw_id: () => {},
    shadow_sp: () => 0,
    send_wake: () => {},
    bkl_relax: () => {},
  };
  const thread = { prepare: () => {}, switch: never("thread switch") };
  const user = {
    context_init: () => {},
    run: never("user run"),
    fault_pc: () => 0n,
    fault_address: () => 0n,
    fault_access: () => 0,
    fault_code: () => 0n,
    arg: () => 0n,
    result: () => {},
  };
  const panic = { console: () => {} };
  const trust = { trusted_key: () => 0, initrd_min_version: () => 0n };
  const ktest = {
    null_read: never("null_read"),
    illegal_instruction: never("illegal_instruction"),
    null_write: never("null_write"),
    overflow_stack: never("overflow_stack"),
    write_heap_guard: never("write_heap_guard"),
  };
  const x86 = {
    in8: () => 0xff,
    out8: () => {},
    out32: () => {},
    set_lapic_base: () => {},
    cpu_features: () => 0,
    limine_ap_entry: () => 0n,
    ap_entry64: () => 0n,
    trampoline_start: () => 0n,
    trampoline_end: () => 0n,
  };
  const riscv = {
    sbi_call: () => -2n,
    sbi_value: () => 0n,
    set_panic_poweroff: () => {},
    limine_ap_entry: () => 0n,
    hsm_entry: () => 0n,
  };
  const env = {
    abort: (msg: number, file: number, line: number, col: number) => {
      throw new Error(`abort: ${readStr(msg)} at ${readStr(file)}:${line}:${col}`);
    },
    trace: () => {},
    seed: () => 1,
  };
  const imports = { memory, mmu, layout, cpu, smp, thread, user, panic, trust, ktest, x86, riscv, env };
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  exp = instance.exports;
  const newStr = (s: string): number => {
    const ptr = exp.__new(s.length * 2, 2) >>> 0; // class id 2 = String
    const m = new Uint16Array(exp.memory.buffer, ptr, s.length);
    for (let i = 0; i < s.length; i++) m[i] = s.charCodeAt(i);
    return ptr;
  };
  return { exports: exp, mem, str: readStr, newStr };
}
