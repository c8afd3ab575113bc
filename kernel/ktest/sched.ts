// In-kernel tests of threads and the scheduler.
import { ktest, fail } from "./runner";
import { dec } from "../console";
import { nowNs, stopTimer } from "../cpu/time";
import { cpuIndex } from "../../hal/cpu";
import { spawn, join, yieldCpu, preemptionPoint, sleepFor, block, wake, schedError } from "../sched/sched";
import { WaitQueue, Thread } from "../sched/thread";

let log = new Array<i32>();

// Pinned to the CPU running the test, so the order is that of one CPU's
// round robin whatever the others do.
function spawnOrNull(name: string, fn: () => void, prio: i32): Thread | null {
  const t = spawn(name, fn, prio, <i32>cpuIndex());
  if (t === null) fail(schedError);
  return t;
}

function worker(tag: i32): void {
  for (let i = 0; i < 4; i++) {
    log.push(tag);
    yieldCpu();
  }
}
function workerA(): void {
  worker(1);
}
function workerB(): void {
  worker(2);
}
function workerC(): void {
  worker(3);
}

function threadsInterleave(): bool {
  log = new Array<i32>();
  const a = spawnOrNull("a", workerA, 1),
    b = spawnOrNull("b", workerB, 1),
    c = spawnOrNull("c", workerC, 1);
  if (a === null || b === null || c === null) return false;
  join(a);
  join(b);
  join(c);
  const got = log.join(",");
  if (got != "1,2,3,1,2,3,1,2,3,1,2,3") return fail("order " + got);
  return true;
}

let flag = false;
let busyMs: u64 = 0;
function busy(): void {
  const t0 = nowNs();
  while (!flag && nowNs() - t0 < 2_000_000_000) preemptionPoint();
  busyMs = (nowNs() - t0) / 1_000_000;
}
function setter(): void {
  flag = true;
}

function busyCannotStarve(): bool {
  flag = false;
  const a = spawnOrNull("busy", busy, 1),
    b = spawnOrNull("setter", setter, 1);
  if (a === null || b === null) return false;
  join(a);
  join(b);
  if (!flag || busyMs >= 2000) return fail("the busy thread ran " + dec(busyMs) + " ms without letting the other run");
  return true;
}

function low(): void {
  log.push(0);
}
function high(): void {
  log.push(2);
}

function priorityOrder(): bool {
  log = new Array<i32>();
  const l = spawnOrNull("low", low, 0),
    h = spawnOrNull("high", high, 2);
  if (l === null || h === null) return false;
  join(h);
  join(l);
  return log.join(",") == "2,0" ? true : fail("order " + log.join(","));
}

const q = new WaitQueue();
let wokeAfterMs: u64 = 0;
let sleeperStart: u64 = 0;
function sleeper(): void {
  sleeperStart = nowNs();
  sleepFor(30_000_000);
  wake(q);
}
function waiter(): void {
  block(q);
  wokeAfterMs = (nowNs() - sleeperStart) / 1_000_000;
}

function sleepAndWake(): bool {
  const s = spawnOrNull("sleeper", sleeper, 1),
    w = spawnOrNull("waiter", waiter, 1);
  if (s === null || w === null) return false;
  join(s);
  join(w);
  stopTimer();
  // Never early; late only within reason (TCG on a loaded host runs late).
  if (wokeAfterMs < 30 || wokeAfterMs > 500) return fail("woken after " + dec(wokeAfterMs) + " ms, expected 30");
  return true;
}

// A thread that exits never pops its shadow-stack frames (kernel/heap/rt/); the
// scheduler must not let them pile up on the threads that run after it.
function nothing(): void {}
function shadowStackKept(): bool {
  const sp = __stack_pointer;
  for (let i = 0; i < 200; i++) {
    const t = spawnOrNull("brief", nothing, 1);
    if (t === null) return false;
    join(t);
  }
  if (__stack_pointer != sp) return fail("shadow stack pointer moved by " + dec(<u64>(sp - __stack_pointer)) + " bytes");
  return true;
}

export function registerSchedTests(): void {
  ktest("sched: threads of one priority take turns", threadsInterleave);
  ktest("sched: a busy thread cannot starve another of its priority", busyCannotStarve);
  ktest("sched: the higher priority runs first", priorityOrder);
  ktest("sched: sleep, then wake a blocked thread", sleepAndWake);
  ktest("sched: exited threads leave the shadow stack where it was", shadowStackKept);
}
