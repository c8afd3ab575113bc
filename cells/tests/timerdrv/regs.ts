// The two devices timerdrv drives, behind one face: a nanosecond counter,
// an alarm, and whether the alarm has raised the interrupt.
import { load as ld, store as st } from "./mmio";

export abstract class Timer {
  constructor(public base: usize) {}
  abstract get name(): string;
  abstract now(): u64; // ns
  abstract alarmIn(ns: u64): void; // raise the interrupt ns from now
  abstract fired(): bool; // the interrupt is ours
  abstract clear(): void; // lower it
}

// goldfish RTC (QEMU hw/rtc/goldfish_rtc.c): ns since the epoch; reading
// TIME_LOW latches TIME_HIGH; writing ALARM_LOW arms the alarm.
const TIME_LOW = 0x00,
  TIME_HIGH = 0x04,
  ALARM_LOW = 0x08,
  ALARM_HIGH = 0x0c;
const IRQ_ENABLED = 0x10,
  ALARM_STATUS = 0x18,
  CLEAR_INTERRUPT = 0x1c;

class Goldfish extends Timer {
  get name(): string {
    return "goldfish-rtc";
  }
  now(): u64 {
    const lo = ld(this.base + TIME_LOW);
    return ((<u64>ld(this.base + TIME_HIGH)) << 32) | lo;
  }
  alarmIn(ns: u64): void {
    const at = this.now() + ns;
    st(this.base + IRQ_ENABLED, 1);
    st(this.base + ALARM_HIGH, <u32>(at >> 32));
    st(this.base + ALARM_LOW, <u32>at);
  }
  fired(): bool {
    return ld(this.base + ALARM_STATUS) == 0;
  } // the alarm is no longer running
  clear(): void {
    st(this.base + CLEAR_INTERRUPT, 1);
    st(this.base + IRQ_ENABLED, 0);
  }
}

// HPET (IA-PC HPET 1.0a): capabilities (period in fs in bits 32-63),
// configuration (bit 0 enable), interrupt status (bit n: timer n, level
// mode), the main counter, and timer 0 (configuration with the allowed
// routes in bits 32-63, comparator). Timer 0 goes to the lowest allowed route
// other than the console's GSI 4: the kernel's choice too (hal/x86_64/entry.ts).
const CAP = 0x00,
  CONFIG = 0x10,
  STATUS = 0x20,
  COUNTER = 0xf0,
  T0_CONFIG = 0x100,
  T0_COMPARATOR = 0x108;
const T_LEVEL: u32 = 1 << 1,
  T_ENABLE: u32 = 1 << 2,
  T_32BIT: u32 = 1 << 8;

class Hpet extends Timer {
  periodFs: u64 = 0;
  get name(): string {
    return "hpet";
  }
  counter(): u64 {
    const lo = ld(this.base + COUNTER);
    return ((<u64>ld(this.base + COUNTER + 4)) << 32) | lo;
  }
  now(): u64 {
    return (this.counter() * this.periodFs) / 1_000_000;
  }
  alarmIn(ns: u64): void {
    const routes = ld(this.base + T0_CONFIG + 4);
    let route: u32 = 0;
    for (let g: u32 = 0; g < 32; g++)
      if (((routes >> g) & 1) != 0 && g != 4) {
        route = g;
        break;
      }
    const ticks = (ns * 1_000_000) / this.periodFs;
    // Comparator first, with the timer off and its status clear: enabled
    // against a stale comparator it could fire at once.
    st(this.base + T0_CONFIG, T_32BIT);
    st(this.base + T0_COMPARATOR, <u32>(this.counter() + ticks));
    st(this.base + STATUS, 1);
    st(this.base + T0_CONFIG, (route << 9) | T_LEVEL | T_ENABLE | T_32BIT);
  }
  fired(): bool {
    return (ld(this.base + STATUS) & 1) != 0;
  }
  clear(): void {
    st(this.base + T0_CONFIG, 0);
    st(this.base + STATUS, 1);
  }
}

export function isHpet(base: usize): bool {
  const id = ld(base + CAP),
    period = ld(base + CAP + 4);
  return (id & 0xff) == 1 && period > 0 && period <= 100_000_000;
}

export function open(base: usize): Timer {
  if (!isHpet(base)) return new Goldfish(base);
  const h = new Hpet(base);
  h.periodFs = ld(base + CAP + 4);
  st(base + CONFIG, (ld(base + CONFIG) & ~2) | 1); // counting, no legacy replacement
  return h;
}
