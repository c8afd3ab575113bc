// Kernel threads and the scheduler. Each thread has its own stack (frames
// mapped below a guard page) and saved registers (hal/common/thread.c).
// Priorities 0-3, round robin within one, 10 ms time slices.
//
// Preemption is at preemption points, not from interrupt handlers: a thread
// gives up the CPU in yield, block, sleep or preemptionPoint(), which any
// long-running loop calls and which switches once its slice is used up. All
// TS code shares one AssemblyScript runtime (heap, globals), and a switch in
// the middle of an allocation would corrupt it; at these points nothing is
// half-done. See docs/design.md.
import { FrameAllocator, FRAME } from "./frames";
import { PageTable, PROT_READ, PROT_WRITE, PROT_GLOBAL } from "./pagetable";
import { nowNs, timerHz, startTimer } from "./time";
import { threadPrepare, threadSwitch, waitForInterrupt, flushTlb } from "../hal/hal";

export const PRIORITIES = 4;
const SLICE_NS: u64 = 10_000_000;
const STACK_FRAMES: u64 = 4; // 16 KiB
// Thread stacks live at STACK_BASE + id * STACK_SLOT, the slot's lowest page unmapped.
const STACK_BASE: u64 = 0xffff_ffff_a000_0000;
const STACK_SLOT: u64 = (STACK_FRAMES + 1) * FRAME;
const MAX_THREADS: u32 = 256;

export const enum ThreadState { Ready, Running, Blocked, Sleeping, Dead }

export class WaitQueue {
  threads: Array<Thread> = new Array<Thread>();
}

export class Thread {
  state: ThreadState = ThreadState.Ready;
  stack: Array<u64> = new Array<u64>();
  wakeAt: u64 = 0;
  shadowSp: usize = 0; // its shadow-stack pointer while switched out
  exited: WaitQueue = new WaitQueue();
  constructor(public id: u32, public name: string, public priority: i32, public fn: () => void) {}
}

export let schedError: string = "";
let frames: FrameAllocator | null = null;
let pt: PageTable | null = null;
const threads = new Array<Thread | null>();
const ready = new Array<Array<Thread>>();
const sleepers = new Array<Thread>();
const zombies = new Array<Thread>();
let current: Thread | null = null;
let sliceEnd: u64 = 0;

function noop(): void {}

// The code running now becomes thread 0 (the boot thread).
export function initScheduler(f: FrameAllocator, table: PageTable): void {
  frames = f;
  pt = table;
  for (let p = 0; p < PRIORITIES; p++) ready.push(new Array<Thread>());
  const boot = new Thread(0, "boot", 1, noop);
  boot.state = ThreadState.Running;
  threads.push(boot);
  current = boot;
  sliceEnd = nowNs() + SLICE_NS;
}

// Build the tables for the first thread stacks now (tables are kept).
export function warmStackTables(): void {
  pt!.prepare(STACK_BASE);
}

// The lowest mapped address of thread `id`'s stack (its guard page is below).
function stackBottom(id: u32): u64 { return STACK_BASE + <u64>id * STACK_SLOT + FRAME; }

function makeReady(t: Thread): void {
  t.state = ThreadState.Ready;
  ready[t.priority].push(t);
}

function freeId(): u32 {
  for (let i = 1; i < threads.length; i++) if (threads[i] === null) return <u32>i;
  return <u32>threads.length;
}

export function spawn(name: string, fn: () => void, priority: i32): Thread | null {
  if (priority < 0 || priority >= PRIORITIES) { schedError = "sched: priority " + priority.toString() + " out of range"; return null; }
  const id = freeId();
  if (id >= MAX_THREADS) { schedError = "sched: too many threads"; return null; }
  const t = new Thread(id, name, priority, fn);
  const bottom = stackBottom(id);
  for (let i: u64 = 0; i < STACK_FRAMES; i++) {
    const frame = frames!.alloc();
    if (frame == 0 || !pt!.map(bottom + i * FRAME, frame, PROT_READ | PROT_WRITE | PROT_GLOBAL)) {
      if (frame != 0) frames!.free(frame);
      releaseStack(t, bottom);
      schedError = "sched: no memory for a stack";
      return null;
    }
    t.stack.push(frame);
  }
  if (id == <u32>threads.length) threads.push(t); else threads[id] = t;
  threadPrepare(id, bottom + STACK_FRAMES * FRAME);
  makeReady(t);
  return t;
}

function releaseStack(t: Thread, bottom: u64): void {
  for (let i = 0; i < t.stack.length; i++) {
    pt!.unmap(bottom + <u64>i * FRAME);
    flushTlb(bottom + <u64>i * FRAME);
    frames!.free(t.stack[i]);
  }
  t.stack = new Array<u64>();
}

// Called on a new thread's own stack (through the entry module's threadMain).
export function runThread(id: u32): void {
  const t = threads[id]!;
  t.fn();
  t.state = ThreadState.Dead;
  while (t.exited.threads.length > 0) wake(t.exited);
  zombies.push(t);
  schedule();
}

// Stacks of threads that have exited, once nothing runs on them.
function reap(): void {
  for (let i = zombies.length - 1; i >= 0; i--) {
    const z = zombies[i];
    if (z === current) continue;
    releaseStack(z, stackBottom(z.id));
    threads[z.id] = null;
    zombies.splice(i, 1);
  }
}

function wakeSleepers(): void {
  const now = nowNs();
  for (let i = sleepers.length - 1; i >= 0; i--) {
    const t = sleepers[i];
    if (t.wakeAt > now) continue;
    sleepers.splice(i, 1);
    makeReady(t);
  }
}

function pickNext(): Thread | null {
  for (let p = PRIORITIES - 1; p >= 0; p--) {
    if (ready[p].length > 0) return ready[p].shift();
  }
  return null;
}

// Give the CPU to the best ready thread; the caller has already put `current`
// where it belongs (a ready queue, a wait queue, the sleepers, the zombies).
function schedule(): void {
  while (true) {
    wakeSleepers();
    const next = pickNext();
    if (next !== null) {
      const prev = current!;
      current = next;
      next.state = ThreadState.Running;
      sliceEnd = nowNs() + SLICE_NS;
      if (prev !== next) {
        // The compiler's shadow stack pointer (kernel/rt/) is one global: each
        // thread takes its own value back, so a thread that exits (and never
        // pops its frames) does not leave them on the next one's stack. The
        // stacks still share one region: see docs/design.md on the collector.
        prev.shadowSp = __stack_pointer;
        threadSwitch(prev.id, next.id);
        __stack_pointer = prev.shadowSp;
      }
      reap();
      return;
    }
    if (sleepers.length == 0) {
      schedError = "sched: every thread is blocked";
      abort(schedError);
    }
    if (timerHz == 0) startTimer(100); // sleepers need ticks to wake
    waitForInterrupt();
  }
}

export function yieldCpu(): void {
  makeReady(current!);
  schedule();
}

// The point long loops call: switch if this thread's slice is used up.
export function preemptionPoint(): void {
  if (nowNs() >= sliceEnd) yieldCpu();
}

export function block(q: WaitQueue): void {
  const t = current!;
  t.state = ThreadState.Blocked;
  q.threads.push(t);
  schedule();
}

export function wake(q: WaitQueue): bool {
  if (q.threads.length == 0) return false;
  makeReady(q.threads.shift());
  return true;
}

export function sleepFor(ns: u64): void {
  const t = current!;
  t.state = ThreadState.Sleeping;
  t.wakeAt = nowNs() + ns;
  sleepers.push(t);
  schedule();
}

export function join(t: Thread): void {
  if (t.state != ThreadState.Dead) block(t.exited);
}
