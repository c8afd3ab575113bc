// In-kernel tests of time: the clock, the timer's rate against the clock,
// and sleep.
import { ktest, fail } from "./runner";
import { dec } from "../console";
import { nowNs, startTimer, stopTimer, waitTicks, sleepNs, ticks } from "../cpu/time";

const HZ: u32 = 100;

function clockAdvances(): bool {
  let last = nowNs();
  for (let i = 0; i < 1000; i++) {
    const t = nowNs();
    if (t < last) return fail("clock went back from " + dec(last) + " to " + dec(t));
    last = t;
  }
  return true;
}

// 50 periods of a 100 Hz timer, measured from one tick to another: 500 ms.
function timerRate(): bool {
  if (!startTimer(HZ)) return fail("the timer did not start");
  const ok1 = waitTicks(1, 1000);
  const t0 = nowNs();
  const ok2 = waitTicks(50, 10000);
  const t1 = nowNs();
  stopTimer();
  if (!ok1 || !ok2) return fail("only " + dec(ticks()) + " ticks arrived");
  const ms = (t1 - t0) / 1_000_000;
  if (ms < 450 || ms > 550) return fail("50 ticks at " + dec(HZ) + " Hz took " + dec(ms) + " ms, expected 500 +- 10%");
  return true;
}

function sleepLasts(): bool {
  if (!startTimer(HZ)) return fail("the timer did not start");
  const t0 = nowNs();
  const woke = sleepNs(50_000_000);
  const ms = (nowNs() - t0) / 1_000_000;
  stopTimer();
  if (!woke) return fail("sleep gave up after " + dec(ms) + " ms");
  // Never early; the upper bound leaves room for a busy host under TCG.
  if (ms < 50 || ms > 75) return fail("sleep(50 ms) lasted " + dec(ms) + " ms");
  return true;
}

export function registerTimeTests(): void {
  ktest("time: the monotonic clock never goes back", clockAdvances);
  ktest("time: the timer fires at 100 Hz within 10% of the guest clock", timerRate);
  ktest("time: sleep(50 ms) lasts 50 to 75 ms", sleepLasts);
}
