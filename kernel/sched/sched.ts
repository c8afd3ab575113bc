// The scheduler, on every CPU. Each CPU has an idle thread that halts when
// nothing is ready. Priorities 0-3, round robin within one, 10 ms time
// slices; one set of ready queues shared by all CPUs, and a thread may be
// pinned to one CPU. A thread's stack is ./stack.ts's, its saved registers
// the C half's (hal/common/thread.c).
//
// Preemption is at preemption points, not from interrupt handlers: a thread
// gives up the CPU in yield, block, sleep or preemptionPoint(), which any
// long-running loop calls and which switches once its slice is used up. All
// TS code shares one AssemblyScript runtime (heap, globals), and a switch in
// the middle of an allocation would corrupt it; at these points nothing is
// half-done. Only the CPU holding the big kernel lock runs TS (see
// hal/common/smp.c), so the queues need no other lock. See docs/design.md.
import { FrameAllocator } from "../mm/frames";
import { PageTable } from "../mm/pagetable";
import { nowNs, startTimer, stopTimer } from "../cpu/time";
import { Cpu, cpus, thisCpu } from "../cpu/cpu";
import { allocShadowStack, freeShadowStack } from "../heap/shadowstack";
import { gcSetRootsHook, gcAddRootRange, gcCollections } from "../heap/gc";
import { trimHeap } from "../heap/window";
import { setPageTable } from "../../hal/mmu";
import { threadPrepare, threadSwitch } from "../../hal/thread";
import { waitForInterrupt, cpuIndex } from "../../hal/cpu";
import { sendWake, bklRelax, cpuShadowSp } from "../../hal/smp";
import { Thread, ThreadState, WaitQueue, PRIORITIES, ANY_CPU } from "./thread";
import { initStacks, allocStack, freeStack, stackTop, MAX_THREADS } from "./stack";

const SLICE_NS: u64 = 10_000_000;
const IDLE_PRIORITY: i32 = -1; // below every ready queue: runs when nothing else can

export let schedError: string = "";
let pt: PageTable | null = null;
const threads = new Array<Thread | null>();
const ready = new Array<Array<Thread>>();
const sleepers = new Array<Thread>();
const zombies = new Array<Thread>();

// Remove a[i], keeping the order. Array#splice allocates an array of what it
// removed: on the IPC path (four removals per call and reply) that garbage
// and the collector's share of it were a third of the round trip
// (docs/performance.md).
function removeAt(a: Array<Thread>, i: i32): void {
  const last = a.length - 1;
  for (let j = i; j < last; j++) unchecked((a[j] = a[j + 1]));
  a.pop();
}

function noop(): void {}

// The code running now becomes thread 0 (the boot thread) on CPU 0, which also
// gets its idle thread.
export function initScheduler(f: FrameAllocator, table: PageTable, bootCpu: Cpu): bool {
  initStacks(f, table);
  pt = table;
  for (let p = 0; p < PRIORITIES; p++) ready.push(new Array<Thread>());
  const boot = new Thread(0, "boot", 1, noop);
  boot.state = ThreadState.Running;
  boot.lastCpu = 0;
  threads.push(boot);
  bootCpu.current = boot;
  bootCpu.online = true;
  bootCpu.sliceEnd = nowNs() + SLICE_NS;
  const idle = createThread("idle0", idleLoop, IDLE_PRIORITY, 0, true);
  if (idle === null) return false;
  bootCpu.idle = idle;
  gcSetRootsHook(shadowStackRoots);
  return true;
}

// The collector's roots beyond the globals: the live part of every thread's
// shadow stack, [its pointer, its top). A thread running on this CPU has its
// pointer in __stack_pointer; one that is current on another CPU (which let
// the kernel lock go) has it saved by that CPU's lock release; the rest saved
// it when switched out. Must not allocate.
function shadowStackRoots(): void {
  const me = cpuIndex();
  for (let i = 0; i < threads.length; i++) {
    const t = unchecked(threads[i]);
    if (t === null || t.state == ThreadState.Dead) continue;
    let sp = t.shadowSp;
    for (let c = 0; c < cpus.length; c++) {
      if (unchecked(cpus[c]).current !== t) continue;
      sp = c == <i32>me ? __stack_pointer : cpuShadowSp(<u32>c);
    }
    const shadow = t.shadow;
    gcAddRootRange(sp, shadow === null ? __heap_base : shadow.top);
  }
}

// The shadow-stack top a new thread starts from.
export function shadowTop(t: Thread): usize {
  return t.shadow!.top;
}

// An idle thread for CPU `index`, which starts on its stack (not through a
// switch): the caller hands stackTop() to the CPU's start path.
export function createIdleThread(index: u32): Thread | null {
  return createThread("idle" + index.toString(), idleLoop, IDLE_PRIORITY, <i32>index, false);
}

function allowedOn(t: Thread, cpu: u32): bool {
  return t.affinity == ANY_CPU || t.affinity == <i32>cpu;
}

// Queue `t` to run, and wake a halted CPU that may run it.
function makeReady(t: Thread): void {
  t.state = ThreadState.Ready;
  ready[t.priority].push(t);
  const me = thisCpu();
  for (let i = 0; i < cpus.length; i++) {
    const c = cpus[i];
    if (c === me || !c.online || !c.halted || !allowedOn(t, c.index)) continue;
    c.halted = false; // one IPI is enough
    sendWake(c.index);
    return;
  }
}

function freeId(): u32 {
  for (let i = 1; i < threads.length; i++) if (threads[i] === null) return <u32>i;
  return <u32>threads.length;
}

export function spawn(name: string, fn: () => void, priority: i32, affinity: i32 = ANY_CPU): Thread | null {
  if (priority < 0 || priority >= PRIORITIES) {
    schedError = "sched: priority " + priority.toString() + " out of range";
    return null;
  }
  if (affinity != ANY_CPU && (affinity < 0 || affinity >= cpus.length || !cpus[affinity].online)) {
    schedError = "sched: cpu " + affinity.toString() + " is not online";
    return null;
  }
  const t = createThread(name, fn, priority, affinity, true);
  if (t !== null) makeReady(t);
  return t;
}

function createThread(name: string, fn: () => void, priority: i32, affinity: i32, prepare: bool): Thread | null {
  const id = freeId();
  if (id >= MAX_THREADS) {
    schedError = "sched: too many threads";
    return null;
  }
  const t = new Thread(id, name, priority, fn);
  t.affinity = affinity;
  if (!allocStack(t)) {
    schedError = "sched: no memory for a stack";
    return null;
  }
  const shadow = allocShadowStack();
  if (shadow === null) {
    freeStack(t);
    schedError = "sched: no memory for a shadow stack";
    return null;
  }
  t.shadow = shadow;
  t.shadowSp = shadow.top;
  if (id == <u32>threads.length) threads.push(t);
  else threads[id] = t;
  if (prepare) threadPrepare(id, stackTop(t));
  return t;
}

// Called on a new thread's own stack (through the entry module's threadMain).
export function runThread(id: u32): void {
  const t = threads[id]!;
  t.fn();
  exitThread();
}

// The running thread ends; it never returns from here.
export function exitThread(): void {
  const t = thisCpu().current!;
  t.state = ThreadState.Dead;
  while (t.exited.threads.length > 0) wake(t.exited);
  zombies.push(t);
  schedule();
  abort("sched: a dead thread was scheduled");
}

function isCurrentAnywhere(t: Thread): bool {
  for (let i = 0; i < cpus.length; i++) if (cpus[i].current === t) return true;
  return false;
}

// Stacks of threads that have exited, once no CPU runs on them.
function reap(): void {
  for (let i = zombies.length - 1; i >= 0; i--) {
    const z = zombies[i];
    if (isCurrentAnywhere(z)) continue;
    freeStack(z);
    if (z.shadow !== null) freeShadowStack(z.shadow!);
    z.shadow = null;
    threads[z.id] = null;
    removeAt(zombies, i);
  }
}

function hasSleeperFrom(cpu: u32): bool {
  for (let i = 0; i < sleepers.length; i++) if (sleepers[i].lastCpu == <i32>cpu) return true;
  return false;
}

function wakeSleepers(): void {
  const now = nowNs();
  for (let i = sleepers.length - 1; i >= 0; i--) {
    const t = sleepers[i];
    if (t.wakeAt > now) continue;
    removeAt(sleepers, i);
    makeReady(t);
  }
}

// The best ready thread this CPU may run, taken off its queue.
function pickNext(cpu: u32): Thread | null {
  for (let p = PRIORITIES - 1; p >= 0; p--) {
    const q = ready[p];
    for (let i = 0; i < q.length; i++) {
      const t = q[i];
      if (!allowedOn(t, cpu)) continue;
      removeAt(q, i);
      return t;
    }
  }
  return null;
}

function switchTo(c: Cpu, next: Thread): void {
  const prev = c.current!;
  c.current = next;
  next.state = ThreadState.Running;
  next.lastCpu = <i32>c.index;
  c.sliceEnd = nowNs() + SLICE_NS;
  // A cell's tables are loaded only while one of its threads runs here, so
  // a dead cell's tables are in no CPU's use once its thread is switched away.
  const root = next.root != 0 ? next.root : pt!.root;
  if (root != c.loadedRoot) {
    setPageTable(root);
    c.loadedRoot = root;
  }
  if (prev !== next) {
    // The compiler's shadow-stack pointer is one global: hand it over. Who
    // switches back to `prev` later restores prev's (a new thread starts at
    // its top).
    prev.shadowSp = __stack_pointer;
    __stack_pointer = next.shadowSp;
    threadSwitch(prev.id, next.id);
  }
  // Back on `prev`'s stack, maybe on another CPU.
}

// Give the CPU to the best ready thread, or its idle thread; the caller has
// already put the current thread where it belongs (a ready queue, a wait
// queue, the sleepers, the zombies).
function schedule(): void {
  const c = thisCpu();
  wakeSleepers();
  let next = pickNext(c.index);
  if (next === null) next = c.idle!;
  switchTo(c, next);
  reap();
  bklRelax(); // other CPUs waiting for the kernel get their turn here
}

let trimmedAfter: u32 = 0; // the collection count at the last trim

// Every CPU's idle thread: run whatever is ready, else halt until an
// interrupt (the timer, or another CPU's wake-up IPI).
function idleLoop(): void {
  while (true) {
    const c = thisCpu();
    wakeSleepers();
    reap();
    const next = pickNext(c.index);
    if (next !== null) {
      c.idle!.state = ThreadState.Ready;
      switchTo(c, next);
      continue;
    }
    // A sleeper is woken by the ticks of the CPU it went to sleep on; a CPU
    // with none takes no interrupts while idle.
    if (hasSleeperFrom(c.index)) {
      if (c.timerHz == 0) {
        startTimer(100);
        c.idleTimer = true;
      }
    } else if (c.idleTimer) {
      stopTimer();
      c.idleTimer = false;
    }
    // Free heap pages go back to the frame allocator after each collection.
    if (gcCollections() != trimmedAfter) {
      trimmedAfter = gcCollections();
      trimHeap();
    }
    c.halted = true;
    waitForInterrupt();
    c.halted = false;
  }
}

// A secondary CPU's first TS code, on its idle thread's stack.
export function runIdle(c: Cpu): void {
  c.current = c.idle;
  c.idle!.state = ThreadState.Running;
  c.idle!.lastCpu = <i32>c.index;
  c.online = true;
  idleLoop();
}

export function currentThread(): Thread {
  return thisCpu().current!;
}

export function yieldCpu(): void {
  makeReady(thisCpu().current!);
  schedule();
}

// The point long loops call: switch if this thread's slice is used up.
export function preemptionPoint(): void {
  if (nowNs() >= thisCpu().sliceEnd) yieldCpu();
}

export function block(q: WaitQueue): void {
  const t = thisCpu().current!;
  t.state = ThreadState.Blocked;
  t.waitingOn = q;
  q.threads.push(t);
  schedule();
}

export function wake(q: WaitQueue): bool {
  if (q.threads.length == 0) return false;
  const t = q.threads.shift();
  t.waitingOn = null;
  makeReady(t);
  return true;
}

// Wake one particular thread out of its queue.
export function wakeThread(t: Thread): void {
  const q = t.waitingOn;
  if (t.state != ThreadState.Blocked || q === null) return;
  const i = q.threads.indexOf(t);
  if (i >= 0) removeAt(q.threads, i);
  t.waitingOn = null;
  makeReady(t);
}

// Make a blocked or sleeping thread run again at once (a cell being
// killed): it finds t.interrupted set when its wait returns.
export function interrupt(t: Thread): void {
  t.interrupted = true;
  if (t.state == ThreadState.Blocked) {
    wakeThread(t);
    return;
  }
  if (t.state == ThreadState.Sleeping) {
    const i = sleepers.indexOf(t);
    if (i >= 0) removeAt(sleepers, i);
    makeReady(t);
    return;
  }
  // Running on another CPU (in a cell): an IPI brings it back to the kernel.
  if (t.state == ThreadState.Running && t.lastCpu >= 0 && t !== thisCpu().current) sendWake(<u32>t.lastCpu);
}

// The running thread blocks on q and `next` runs at once on this CPU: the
// IPC fast path, which hands the CPU straight to the other side. `next` may
// be blocked (a receiver or a caller waiting for its reply: it is taken out
// of its wait queue here, never queued as ready nor woken by IPI) or ready
// (taken off its ready queue). True if this CPU went straight to it; false if
// it may not run here, and it and the scheduler take the usual way.
export function blockAndSwitchTo(q: WaitQueue, next: Thread): bool {
  const c = thisCpu();
  const t = c.current!;
  t.state = ThreadState.Blocked;
  t.waitingOn = q;
  q.threads.push(t);
  let taken = false;
  const w = next.waitingOn;
  if (next.state == ThreadState.Blocked && w !== null) {
    const i = w.threads.indexOf(next);
    if (i >= 0) removeAt(w.threads, i);
    next.waitingOn = null;
    if (allowedOn(next, c.index)) taken = true;
    else makeReady(next);
  } else if (next.state == ThreadState.Ready && allowedOn(next, c.index)) {
    const r = ready[next.priority];
    const i = r.indexOf(next);
    if (i >= 0) {
      removeAt(r, i);
      taken = true;
    }
  }
  if (taken) {
    switchTo(c, next);
    reap();
    bklRelax();
    return true;
  }
  schedule();
  return false;
}

export function sleepFor(ns: u64): void {
  const t = thisCpu().current!;
  t.state = ThreadState.Sleeping;
  t.wakeAt = nowNs() + ns;
  sleepers.push(t);
  schedule();
}

export function join(t: Thread): void {
  if (t.state != ThreadState.Dead) block(t.exited);
}
