// The riscv64 timer (hal/platform.ts): the time CSR at the device tree's
// timebase for the clock, and each hart's SBI timer for its periodic
// interrupt.
import { cycles, cpuIndex } from "../cpu";
import { Timer } from "../platform";
import { MAX_CPUS } from "../../kernel/cpu/cpu";
import { sbiCall, SBI_EXT_TIME, SBI_LEGACY_SET_TIMER } from "./sbi";

// SBI TIME set_timer, or the legacy call where the TIME extension is missing.
function setTimer(at: u64): void {
  if (sbiCall(SBI_EXT_TIME, 0, at, 0, 0) == 0) return;
  sbiCall(SBI_LEGACY_SET_TIMER, 0, at, 0, 0);
}

export class SbiTimer implements Timer {
  // Each hart has its own SBI timer: its period, next deadline and lateness.
  private period: StaticArray<u64> = new StaticArray<u64>(MAX_CPUS);
  private deadline: StaticArray<u64> = new StaticArray<u64>(MAX_CPUS);
  private latency: StaticArray<u64> = new StaticArray<u64>(MAX_CPUS);

  constructor(public timebaseHz: u64) {}

  counterHz(): u64 {
    return this.timebaseHz;
  }

  start(hz: u32): bool {
    if (this.timebaseHz == 0 || hz == 0) return false;
    const c = cpuIndex();
    this.period[c] = this.timebaseHz / hz;
    this.deadline[c] = cycles() + this.period[c];
    setTimer(this.deadline[c]);
    return true;
  }

  // Re-arming also clears the pending interrupt. Deadlines follow each other,
  // not the handler's lateness, so the period does not drift; periods missed
  // while the CPU was away are counted, not lost.
  tick(): u32 {
    const c = cpuIndex();
    const now = cycles();
    if (this.period[c] == 0) {
      setTimer(U64.MAX_VALUE);
      return 0;
    } // stopped: a stale interrupt
    this.latency[c] = now - this.deadline[c];
    let passed: u32 = 0;
    while (this.deadline[c] <= now) {
      this.deadline[c] += this.period[c];
      passed++;
    }
    setTimer(this.deadline[c]);
    return passed > 0 ? passed : 1;
  }

  lastTickLatencyNs(): u64 {
    return (this.latency[cpuIndex()] * 1_000_000_000) / this.timebaseHz;
  }

  stop(): void {
    this.period[cpuIndex()] = 0;
    setTimer(U64.MAX_VALUE);
  }
}
