// In-kernel micro-benchmarks (KTEST flavour, `ktest.bench` on the command
// line): each prints `bench: <name> <ns> ns/op` measured on the monotonic
// clock (the crypto ones, ./crypto.ts, print a rate instead). Under
// `qemu -icount shift=0` one guest nanosecond is one instruction, so the same
// figures are deterministic there. `make bench` collects them.
import { println, dec } from "../../console";
import { nowNs, startTimer, stopTimer, waitTicks, ticks, latencySumNs, measureTickLatency } from "../../cpu/time";
import { FrameAllocator } from "../../mm/frames";
import { probeRead } from "../../../hal/mmu";
import { spawn, join, yieldCpu, block, wake } from "../../sched/sched";
import { WaitQueue } from "../../sched/thread";
import { onlineCpus } from "../../cpu/cpu";
import { gcCollect, gcLiveObjects } from "../../heap/gc";
import { cryptoBenchmarks } from "./crypto";

function report(name: string, ops: u64, ns: u64): void {
  // Tenths of a nanosecond, so fast operations still show a figure.
  const tenths = (ns * 10) / ops;
  println("bench: " + name + " " + dec(tenths / 10) + "." + dec(tenths % 10) + " ns/op");
}

class Box {
  constructor(public v: u64) {}
}

const Y: i32 = 10000;
function yielder(): void {
  for (let i = 0; i < Y; i++) yieldCpu();
}

// Cross-CPU ping-pong: a thread on CPU 0 and one on CPU 1 hand a token back
// and forth through wait queues; each hand-over wakes a halted CPU with an
// IPI and passes the kernel lock. Counting semaphores, so no wake is lost.
const W: i32 = 2000;
const pingQ = new WaitQueue(),
  pongQ = new WaitQueue();
let pings = 0,
  pongs = 0;
function pinger(): void {
  for (let i = 0; i < W; i++) {
    pongs++;
    wake(pongQ);
    while (pings == 0) block(pingQ);
    pings--;
  }
}
function ponger(): void {
  for (let i = 0; i < W; i++) {
    while (pongs == 0) block(pongQ);
    pongs--;
    pings++;
    wake(pingQ);
  }
}

export function runBenchmarks(frames: FrameAllocator, unmappedVa: u64): void {
  // Thread switch: two threads yielding to each other; one round trip is two switches.
  const a = spawn("ping", yielder, 3, 0),
    b = spawn("pong", yielder, 3, 0);
  if (a !== null && b !== null) {
    const t0 = nowNs();
    join(a);
    join(b);
    report("thread-yield-round-trip", <u64>Y, nowNs() - t0);
  }

  if (onlineCpus() >= 2) {
    const p = spawn("ping", pinger, 3, 0),
      q = spawn("pong", ponger, 3, 1);
    if (p !== null && q !== null) {
      const t0 = nowNs();
      join(p);
      join(q);
      report("cross-cpu-wake-round-trip", <u64>W, nowNs() - t0);
    }
  }

  const N: u64 = 20000;
  let t = nowNs();
  for (let i: u64 = 0; i < N; i++) frames.free(frames.alloc());
  report("frame-alloc-free", N, nowNs() - t);

  // A small object, its share of automatic collections included; then a
  // full collection of the heap as the kernel has it after boot.
  const A: u64 = 50000;
  let keep: u64 = 0;
  t = nowNs();
  for (let i: u64 = 0; i < A; i++) keep += new Box(i).v;
  report("heap-new-small", A, nowNs() - t);
  const C: u64 = 20;
  gcCollect(); // the garbage just made is not part of the figure
  t = nowNs();
  for (let i: u64 = 0; i < C; i++) gcCollect();
  report("gc-collect", C, nowNs() - t);
  println("# gc-collect: " + dec(gcLiveObjects()) + " live objects (sum " + dec(keep) + ")");

  const F: u64 = 2000;
  t = nowNs();
  for (let i: u64 = 0; i < F; i++) probeRead(unmappedVa);
  report("page-fault-round-trip", F, nowNs() - t);

  // Timer interrupt entry: from a tick's due time to its TS handler, taken
  // from a halted CPU, averaged over 200 ticks at 1 kHz.
  const T: u64 = 200;
  measureTickLatency(true);
  if (startTimer(1000)) {
    waitTicks(1, 1000);
    const before = latencySumNs,
      ticksBefore = ticks();
    waitTicks(T, 100000);
    report("timer-irq-entry", ticks() - ticksBefore, latencySumNs - before);
    stopTimer();
  }
  measureTickLatency(false);

  cryptoBenchmarks();
  println("bench: done");
}
