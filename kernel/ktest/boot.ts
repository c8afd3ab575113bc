// In-kernel tests of what the foundation promises: the boot record is sane, the
// direct map really maps physical memory, the TS runtime's heap and arithmetic
// work on the bare CPU (through hal/common's freestanding wasm runtime).
import { BootInfo, MemKind } from "../../boot/bootinfo";
import { ktest, fail } from "./runner";
import { hex, dec, size } from "../console";
import { load8, load64 } from "../../hal/memory";
import { cycles } from "../../hal/cpu";
import { nearest as builtin_nearest } from "builtins";

let boot: BootInfo = new BootInfo();

function memoryMapIsSane(): bool {
  if (boot.memory.length == 0) return fail("empty memory map");
  let usable: u64 = 0;
  for (let i = 0; i < boot.memory.length; i++) {
    const r = boot.memory[i];
    if (r.length == 0 && r.kind == MemKind.Usable) return fail("zero-length usable region at " + hex(r.base));
    if (r.kind == MemKind.Usable) usable += r.length;
  }
  if (usable < 16 << 20) return fail("only " + dec(usable) + " bytes usable");
  return true;
}

// The kernel's first bytes seen through the direct map equal those seen
// through the kernel window: both mappings point at the same frames.
function directMapMatchesKernel(): bool {
  for (let off: u64 = 0; off < 4096; off += 8) {
    const a = load64(boot.kernelVirt + off);
    const b = load64(boot.hhdm + boot.kernelPhys + off);
    if (a != b) return fail("kernel+" + hex(off) + ": " + hex(a) + " via kernel window, " + hex(b) + " via hhdm");
  }
  return true;
}

function heapAllocatesAndKeepsData(): bool {
  const arrays = new Array<Array<u32>>();
  for (let i = 0; i < 64; i++) {
    const a = new Array<u32>(1024 + i);
    for (let j = 0; j < a.length; j++) a[j] = <u32>(i * 100000 + j);
    arrays.push(a);
  }
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    for (let j = 0; j < a.length; j++) {
      if (a[j] != <u32>(i * 100000 + j)) return fail("array " + dec(i) + " element " + dec(j) + " changed");
    }
  }
  return true;
}

// wasm float rounding and 64-bit division run through hal/common/wasm_math.c
// and the compiler's runtime on the bare CPU.
function arithmeticMatchesWasmSemantics(): bool {
  const values: f64[] = [2.5, -2.5, 3.5, 0.49999999999999994, -0.0, 1e300, -7.75];
  const nearest: f64[] = [2.0, -2.0, 4.0, 0.0, -0.0, 1e300, -8.0];
  const floors: f64[] = [2.0, -3.0, 3.0, 0.0, -0.0, 1e300, -8.0];
  const ceils: f64[] = [3.0, -2.0, 4.0, 1.0, -0.0, 1e300, -7.0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const n = builtin_nearest<f64>(v);
    if (nearest[i] != n) return fail("nearest(" + v.toString() + ") = " + n.toString());
    if (floors[i] != Math.floor(v)) return fail("floor(" + v.toString() + ") = " + Math.floor(v).toString());
    if (ceils[i] != Math.ceil(v)) return fail("ceil(" + v.toString() + ") = " + Math.ceil(v).toString());
  }
  const big: u64 = 0xfedcba9876543210;
  if (big / 12345 != 1487627261603326 || big % 12345 != 5250) return fail("u64 division");
  const neg: i64 = -9000000000000000007;
  if (neg / 1000 != -9000000000000000 || neg % 1000 != -7) return fail("i64 division");
  return true;
}

function cycleCounterAdvances(): bool {
  const a = cycles();
  let x: u64 = 0;
  for (let i = 0; i < 10000; i++) x += load8(boot.kernelVirt + <u64>(i & 255));
  const b = cycles();
  if (b <= a) return fail("counter went from " + dec(a) + " to " + dec(b) + " (" + dec(x) + ")");
  return true;
}

function formattingIsRight(): bool {
  if (hex(0) != "0x0" || hex(0xdeadbeef) != "0xdeadbeef" || hex(1, 4) != "0x0001") return fail("hex");
  if (dec(0) != "0" || dec(18446744073709551615) != "18446744073709551615") return fail("dec");
  if (size(1536) != "1.5 KiB" || size(512) != "512 B") return fail("size: " + size(1536));
  return true;
}

export function registerBootTests(info: BootInfo): void {
  boot = info;
  ktest("boot: memory map is sane", memoryMapIsSane);
  ktest("boot: direct map matches the kernel image", directMapMatchesKernel);
  ktest("runtime: heap allocates and keeps data", heapAllocatesAndKeepsData);
  ktest("runtime: float rounding and 64-bit division", arithmeticMatchesWasmSemantics);
  ktest("hal: cycle counter advances", cycleCounterAdvances);
  ktest("console: number formatting", formattingIsRight);
}
