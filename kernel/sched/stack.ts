// Kernel thread stacks: STACK_FRAMES frames each, in a slot of their own
// above an unmapped guard page, so a thread that runs off the bottom of its
// stack faults on the guard (and the panic names it) instead of writing over
// its neighbour. The slots' page tables are kept once made.
import { FrameAllocator, FRAME } from "../mm/frames";
import { PageTable, PROT_READ, PROT_WRITE, PROT_GLOBAL } from "../mm/pagetable";
import { tlbShootdown } from "../../hal/mmu";
import { Thread } from "./thread";

export const MAX_THREADS: u32 = 256;
const STACK_FRAMES: u64 = 4; // 16 KiB
// Thread stacks live at STACK_BASE + id * STACK_SLOT, the slot's lowest page unmapped.
const STACK_BASE: u64 = 0xffff_ffff_a000_0000;
const STACK_SLOT: u64 = (STACK_FRAMES + 1) * FRAME;

let frames: FrameAllocator | null = null;
let pt: PageTable | null = null;

export function initStacks(f: FrameAllocator, table: PageTable): void {
  frames = f;
  pt = table;
}

// The lowest mapped address of thread `id`'s stack (its guard page is below).
function stackBottom(id: u32): u64 {
  return STACK_BASE + <u64>id * STACK_SLOT + FRAME;
}

// The top of thread `t`'s stack.
export function stackTop(t: Thread): u64 {
  return stackBottom(t.id) + STACK_FRAMES * FRAME;
}

// Build the tables for the first thread stacks now (tables are kept).
export function warmStackTables(): void {
  pt!.prepare(STACK_BASE);
}

// Whether `va` is the unmapped page under some thread's stack.
export function isStackGuard(va: u64): bool {
  if (va < STACK_BASE || va >= STACK_BASE + <u64>MAX_THREADS * STACK_SLOT) return false;
  return (va - STACK_BASE) % STACK_SLOT < FRAME;
}

// Give `t` its stack; false (nothing kept) when frames or mappings run out.
export function allocStack(t: Thread): bool {
  const bottom = stackBottom(t.id);
  for (let i: u64 = 0; i < STACK_FRAMES; i++) {
    const frame = frames!.alloc();
    if (frame == 0 || !pt!.map(bottom + i * FRAME, frame, PROT_READ | PROT_WRITE | PROT_GLOBAL)) {
      if (frame != 0) frames!.free(frame);
      freeStack(t);
      return false;
    }
    t.stack.push(frame);
  }
  return true;
}

// Unmapped everywhere before the frames go back: another CPU that ran the
// thread may still hold the translations.
export function freeStack(t: Thread): void {
  const bottom = stackBottom(t.id);
  const n = t.stack.length;
  for (let i = 0; i < n; i++) pt!.unmap(bottom + <u64>i * FRAME);
  if (n > 0) tlbShootdown(bottom, <u32>n);
  for (let i = 0; i < n; i++) frames!.free(t.stack[i]);
  t.stack = new Array<u64>();
}
