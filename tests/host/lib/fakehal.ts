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
      case 1: return BigInt(view.getUint8(off));
      case 2: return BigInt(view.getUint16(off, true));
      case 4: return BigInt(view.getUint32(off, true));
      default: return view.getBigUint64(off, true);
    }
  }

  store(addr: bigint, size: number, v: bigint): void {
    const { view, off } = this.find(addr, size);
    switch (size) {
      case 1: view.setUint8(off, Number(v & 0xffn)); break;
      case 2: view.setUint16(off, Number(v & 0xffffn), true); break;
      case 4: view.setUint32(off, Number(v & 0xffffffffn), true); break;
      default: view.setBigUint64(off, BigInt.asUintN(64, v), true);
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
  for (const d of ["kernel", "boot", "drivers", "hal", "tests/host/wasm"]) walk(resolve(root, d));
  return newest;
}

// The kernel's runtime settings (asconfig.json): its runtime, shadow-stack size
// and the aliases that route raw allocations through the runtime's counter.
function runtimeArgs(): string[] {
  const opts = JSON.parse(readFileSync(resolve(root, "asconfig.json"), "utf8")).options;
  return ["--runtime", opts.runtime, "--stackSize", String(opts.stackSize),
    ...opts.use.flatMap((u: string) => ["--use", u])];
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
    entry, "-o", `${out}.${process.pid}.wasm`, ...runtimeArgs(), "-O1", "--debug",
    "--use", "KTEST=0", "--exportRuntime", "--baseDir", root,
  ]);
  if (error) throw new Error(`asc failed for ${basename(entry)}:\n${stderr.toString()}`);
  renameSync(`${out}.${process.pid}.wasm`, out); // test files may compile at once
  return readFileSync(out);
}

export interface Loaded {
  exports: any;
  mem: FakeMemory;
  str(ptr: number): string;          // read an AS string returned by an export
  newStr(s: string): number;         // make an AS string to pass in
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
  const hal = {
    load8: (a: bigint) => Number(mem.load(a, 1)),
    load16: (a: bigint) => Number(mem.load(a, 2)),
    load32: (a: bigint) => Number(mem.load(a, 4)),
    load64: (a: bigint) => mem.load(a, 8),
    store8: (a: bigint, v: number) => mem.store(a, 1, BigInt(v)),
    store16: (a: bigint, v: number) => mem.store(a, 2, BigInt(v)),
    store32: (a: bigint, v: number) => mem.store(a, 4, BigInt(v >>> 0)),
    store64: (a: bigint, v: bigint) => mem.store(a, 8, v),
    port_in8: () => 0xff,
    port_out8: () => {},
    port_out32: () => {},
    sbi_call: () => -2n,
    sbi_value: () => 0n,
    panic_console: () => {},
    cycles: () => 0n,
    fault: () => { throw new Error("fault() called in a host test"); },
    halt: () => { throw new Error("halt() called in a host test"); },
    set_poweroff: () => {},
    kernel_layout: () => 0n,
    set_page_table: () => {},
    flush_tlb: () => {},
    probe: () => { throw new Error("probe() called in a host test"); },
    probe_fault_address: () => 0n,
    paging_mode: () => 48,
    wait_for_interrupt: () => { throw new Error("wait_for_interrupt() called in a host test"); },
    thread_prepare: () => {},
    thread_switch: () => { throw new Error("thread_switch() called in a host test"); },
    cpu_index: () => 0,
    cpu_prepare: () => 0n,
    cpu_arrived: () => 0,
    cpu_shadow_sp: () => 0,
    cpu_set_hw_id: () => {},
    smp_init: () => {},
    smp_entry: () => 0n,
    send_wake: () => {},
    bkl_relax: () => {},
    tlb_shootdown: () => {},
    linear_memory: () => 0n,
    heap_growable: () => {},
    guard_page: () => 0n,
    copy_in: (dst: number, src: bigint, len: number) => {
      const m = new Uint8Array(exp.memory.buffer);
      for (let i = 0; i < len; i++) m[(dst >>> 0) + i] = Number(mem.load(src + BigInt(i), 1));
    },
    trusted_key: () => 0,
    initrd_min_version: () => 0n,
    user_context_init: () => {},
    run_user: () => { throw new Error("run_user() called in a host test"); },
    user_fault: () => 0n,
    user_arg: () => 0n,
    user_result: () => {},
    cpu_features: () => 0,
    copy_bytes: (dst: bigint, src: bigint, len: bigint) => {
      const tmp: bigint[] = [];
      for (let i = 0n; i < len; i++) tmp.push(mem.load(src + i, 1));
      tmp.forEach((b, i) => mem.store(dst + BigInt(i), 1, b));
    },
    fill_bytes: (dst: bigint, v: number, len: bigint) => {
      for (let i = 0n; i < len; i++) mem.store(dst + i, 1, BigInt(v & 0xff));
    },
    copy_out: (dst: bigint, src: number, len: number) => {
      const m = new Uint8Array(exp.memory.buffer);
      for (let i = 0; i < len; i++) mem.store(dst + BigInt(i), 1, BigInt(m[(src >>> 0) + i]));
    },
  };
  const env = {
    abort: (msg: number, file: number, line: number, col: number) => {
      throw new Error(`abort: ${readStr(msg)} at ${readStr(file)}:${line}:${col}`);
    },
    trace: () => {},
    seed: () => 1,
  };
  const { instance } = await WebAssembly.instantiate(bytes, { hal, env });
  exp = instance.exports;
  const newStr = (s: string): number => {
    const ptr = exp.__new(s.length * 2, 2) >>> 0; // class id 2 = String
    const m = new Uint16Array(exp.memory.buffer, ptr, s.length);
    for (let i = 0; i < s.length; i++) m[i] = s.charCodeAt(i);
    return ptr;
  };
  return { exports: exp, mem, str: readStr, newStr };
}
