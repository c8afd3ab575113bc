// In-kernel tests of the kernel's own page tables, through fault probes: a
// mapped page works, a read-only page refuses a write, a data page refuses
// execution, an unmapped page faults, and the kernel image is W^X.
import { BootInfo, MemKind } from "../../boot/bootinfo";
import { FrameAllocator, FRAME } from "../mm/frames";
import { PageTable, PROT_READ, PROT_WRITE, PROT_EXEC, pageTableError } from "../mm/pagetable";
import { ktest, fail } from "./runner";
import { hex } from "../console";
import { load64, store32 } from "../../hal/memory";
import { probeRead, probeWrite, probeExecute, probeFaultAddress, flushTlb } from "../../hal/mmu";
import { imageStart, rodataStart, dataStart, bootStackGuard, guardPage } from "../../hal/layout";

const READ: u32 = 0,
  WRITE: u32 = 1,
  EXEC: u32 = 2;
function probe(access: u32, va: u64): u32 {
  return access == READ ? probeRead(va) : access == WRITE ? probeWrite(va) : probeExecute(va);
}
// A kernel-half address nothing else uses (valid in Sv39 too).
const TEST_VA: u64 = 0xffff_ffff_9000_0000;

let boot: BootInfo = new BootInfo();
let pt: PageTable | null = null;
let frames: FrameAllocator | null = null;

function expectFault(kind: u32, va: u64, what: string): bool {
  if (probe(kind, va) == 0) return fail(what + ": no fault at " + hex(va));
  if (probeFaultAddress() != va) return fail(what + ": fault reported at " + hex(probeFaultAddress()) + ", not " + hex(va));
  return true;
}

function mapWriteProtectUnmap(): bool {
  const f = frames!.alloc();
  if (f == 0) return fail("no frame");
  if (!pt!.map(TEST_VA, f, PROT_READ | PROT_WRITE)) return fail(pageTableError);
  if (probe(WRITE, TEST_VA) != 0) return fail("write to a writable page faulted");
  // The probe wrote the address itself; the frame saw it.
  if (load64(boot.hhdm + f) != TEST_VA) return fail("the write did not reach the frame");
  if (!pt!.protect(TEST_VA, PROT_READ)) return fail(pageTableError);
  flushTlb(TEST_VA);
  if (probe(READ, TEST_VA) != 0) return fail("read of a read-only page faulted");
  if (!expectFault(WRITE, TEST_VA, "write to a read-only page")) return false;
  if (pt!.unmap(TEST_VA) != f) return fail("unmap returned the wrong frame");
  flushTlb(TEST_VA);
  if (!expectFault(READ, TEST_VA, "read of an unmapped page")) return false;
  frames!.free(f);
  return true;
}

function executeOnlyWhereAllowed(): bool {
  const f = frames!.alloc();
  if (f == 0) return fail("no frame");
  store32(boot.hhdm + f, retInstruction); // a function that only returns
  if (!pt!.map(TEST_VA, f, PROT_READ | PROT_WRITE)) return fail(pageTableError);
  const dataFaults = expectFault(EXEC, TEST_VA, "execute from a data page");
  if (!pt!.protect(TEST_VA, PROT_READ | PROT_EXEC)) return fail(pageTableError);
  flushTlb(TEST_VA);
  const codeRuns = probe(EXEC, TEST_VA) == 0;
  pt!.unmap(TEST_VA);
  flushTlb(TEST_VA);
  frames!.free(f);
  if (!dataFaults) return false;
  return codeRuns ? true : fail("execute from an executable page faulted");
}

let retInstruction: u32 = 0;

function kernelImageIsWxorX(): bool {
  const text = imageStart() + 0x1000;
  const rodata = rodataStart();
  const data = dataStart();
  if (!expectFault(WRITE, text, "write to kernel text")) return false;
  if (!expectFault(WRITE, rodata, "write to kernel rodata")) return false;
  if (!expectFault(EXEC, data, "execute kernel data")) return false;
  return true;
}

// Every usable frame, the highest included (above 4 GiB with -m 4G), is
// reachable through the direct map.
function directMapReachesAllRam(): bool {
  let top: u64 = 0;
  for (let i = 0; i < boot.memory.length; i++) {
    const r = boot.memory[i];
    if (r.kind == MemKind.Usable && r.base + r.length > top) top = r.base + r.length;
  }
  const last = (top & ~(FRAME - 1)) - FRAME;
  if (probe(READ, boot.hhdm + last) != 0) return fail("frame " + hex(last) + " is not in the direct map");
  return true;
}

function stackGuardIsUnmapped(): bool {
  return expectFault(READ, bootStackGuard(), "read of the boot stack's guard page");
}

// Under the boot stack, the linear memory, and each CPU's exception stack.
function everyGuardIsUnmapped(): bool {
  let n: u32 = 0;
  for (; guardPage(n) != 0; n++) {
    if (!expectFault(WRITE, guardPage(n), "write to guard page " + n.toString())) return false;
  }
  return n >= 3 ? true : fail("only " + n.toString() + " guard pages listed");
}

export function registerVmTests(info: BootInfo, table: PageTable, allocator: FrameAllocator, ret: u32): void {
  boot = info;
  pt = table;
  frames = allocator;
  retInstruction = ret;
  // The tables TEST_VA needs stay, as tables do: build them before the leak
  // check's baseline.
  table.prepare(TEST_VA);
  ktest("vm: map, write, protect read-only (write caught), unmap (read caught)", mapWriteProtectUnmap);
  ktest("vm: executing a data page is caught, an executable page runs", executeOnlyWhereAllowed);
  ktest("vm: kernel text and rodata are read-only, data is not executable", kernelImageIsWxorX);
  ktest("vm: the boot stack's guard page is unmapped", stackGuardIsUnmapped);
  ktest("vm: every guard page in the image is unmapped (linear memory, exception stacks)", everyGuardIsUnmapped);
  ktest("vm: the direct map reaches the highest usable frame", directMapReachesAllRam);
}
