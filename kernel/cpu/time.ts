// Time: a monotonic nanosecond clock from the CPU's free-running counter
// (x86_64: the TSC, calibrated against the PIT; riscv64: the time CSR at the
// device tree's timebase), and a periodic timer interrupt counted in ticks.
// Each CPU has its own timer and tick count (./cpu.ts). The kernel is
// not preemptible: the timer interrupt arrives only while the kernel waits in
// waitForInterrupt, so the handler never interrupts TS code.
import { cycles, waitForInterrupt } from "../../hal/cpu";
import { Timer } from "../../hal/platform";
import { thisCpu } from "./cpu";
import { println, dec } from "../console";

let timer: Timer | null = null;
let counterHz: u64 = 0;
export let latencySumNs: u64 = 0; // handler start after the tick's due time, summed
let measureLatency = false; // the benchmark's: it costs device reads on every tick

export function measureTickLatency(on: bool): void {
  measureLatency = on;
}

// Timer interrupts this CPU has taken.
export function ticks(): u64 {
  return thisCpu().ticks;
}

// False if the counter's frequency cannot be told (no clock, no timekeeping).
export function initTime(t: Timer): bool {
  timer = t;
  counterHz = t.counterHz();
  if (counterHz != 0) println("clock: " + dec(counterHz) + " Hz counter");
  return counterHz != 0;
}

export function counterFrequency(): u64 {
  return counterHz;
}

// Counter ticks to nanoseconds without overflowing for centuries of uptime.
export function nowNs(): u64 {
  const c = cycles();
  return (c / counterHz) * 1_000_000_000 + ((c % counterHz) * 1_000_000_000) / counterHz;
}

// This CPU's periodic timer.
export function startTimer(hz: u32): bool {
  thisCpu().timerHz = hz;
  return timer!.start(hz);
}

export function stopTimer(): void {
  timer!.stop();
  thisCpu().timerHz = 0;
}

// Called (through the entry module's export) from the trap path.
export function onTimerInterrupt(): void {
  thisCpu().ticks += timer!.tick();
  if (measureLatency) latencySumNs += timer!.lastTickLatencyNs();
}

// Sleep until `ns` have passed on the monotonic clock, halted between ticks.
// Needs the timer running; gives up (false) after 10x the expected ticks.
export function sleepNs(ns: u64): bool {
  const deadline = nowNs() + ns;
  const hz = thisCpu().timerHz;
  const budget = hz == 0 ? 0 : ((ns * hz) / 1_000_000_000 + 2) * 10;
  for (let i: u64 = 0; i < budget; i++) {
    if (nowNs() >= deadline) return true;
    waitForInterrupt();
  }
  return nowNs() >= deadline;
}

// Wait for the next tick; false if none came within `maxWaits` wake-ups.
export function waitTicks(n: u64, maxWaits: u64): bool {
  const c = thisCpu();
  const target = c.ticks + n;
  for (let i: u64 = 0; i < maxWaits && c.ticks < target; i++) waitForInterrupt();
  return c.ticks >= target;
}
