// The local APIC and its timer, and the TSC, both calibrated against the
// PIT, whose 1.193182 MHz is the PC's known clock. LapicTimer is the
// platform's timer (hal/platform.ts): the TSC for the clock, the LAPIC timer
// for the periodic interrupt.
import { load32, store32 } from "../memory";
import { cycles } from "../cpu";
import { Timer } from "../platform";
import { portIn8, portOut8 } from "./ports";

// The C half sends IPIs through the local APIC at this virtual address.
@external("x86", "set_lapic_base") declare function setLapicBase(base: u64): void;

const LAPIC_BASE: u64 = 0xfee00000; // the architectural default; Nexus does not relocate it
const ID: u64 = 0x20,
  ICR_LOW: u64 = 0x300,
  ICR_HIGH: u64 = 0x310;
const SVR: u64 = 0xf0,
  EOI: u64 = 0xb0,
  LVT_TIMER: u64 = 0x320,
  INITIAL: u64 = 0x380,
  CURRENT: u64 = 0x390,
  DIVIDE: u64 = 0x3e0;
const TIMER_VECTOR: u32 = 32;
const SPURIOUS_VECTOR: u32 = 255;
const PERIODIC: u32 = 1 << 17;
const MASKED: u32 = 1 << 16;
const PIT_HZ: u64 = 1193182;
const CALIBRATION_MS: u64 = 10;

const WINDOW_PIT_TICKS: u64 = (PIT_HZ * CALIBRATION_MS) / 1000;

function median3(a: StaticArray<u64>): u64 {
  const x = a[0],
    y = a[1],
    z = a[2];
  return x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
}

function readChannel0(): u32 {
  portOut8(0x43, 0x00); // latch channel 0's count
  const lo = portIn8(0x40);
  return lo | (portIn8(0x40) << 8);
}

export class Lapic {
  base: u64 = 0;
  busHz: u64 = 0; // timer input after the divide-by-16
  tscHz: u64 = 0;

  constructor(hhdm: u64) {
    this.base = hhdm + LAPIC_BASE;
    setLapicBase(this.base);
    this.enable();
    this.calibrate();
  }

  // On every CPU: each has its own local APIC at the same address.
  enable(): void {
    store32(this.base + SVR, 0x100 | SPURIOUS_VECTOR); // software-enable
    store32(this.base + DIVIDE, 0x3); // divide by 16
    store32(this.base + LVT_TIMER, MASKED | TIMER_VECTOR);
  }

  id(): u32 {
    return load32(this.base + ID) >> 24;
  }

  // INIT, then STARTUP at `page` (a 4 KiB page below 1 MiB): the sequence
  // that starts a CPU the firmware left waiting (Intel SDM vol. 3, 9.4.4).
  sendInit(apicId: u32): void {
    this.sendIcr(apicId, 0x4500);
  }
  sendStartup(apicId: u32, page: u64): void {
    this.sendIcr(apicId, 0x4600 | (<u32>(page >> 12)));
  }

  private sendIcr(apicId: u32, low: u32): void {
    for (let i = 0; i < 1_000_000 && (load32(this.base + ICR_LOW) & (1 << 12)) != 0; i++) {}
    store32(this.base + ICR_HIGH, apicId << 24);
    store32(this.base + ICR_LOW, low);
  }

  // Count LAPIC timer and TSC ticks against PIT channel 0, read back (no
  // port 0x61 gate needed: microvm has none, and what firmware left in
  // channel 2 varies): three windows of about 10 ms, each measured by the
  // PIT ticks that really passed, so a late read costs nothing; the median
  // ratio wins, so one window cut by the host descheduling us does not
  // count. No PIT at all leaves both frequencies 0, which the kernel reports.
  private calibrate(): void {
    const bus = new StaticArray<u64>(3),
      tsc = new StaticArray<u64>(3);
    portOut8(0x43, 0x34); // channel 0, lo/hi byte, mode 2: counts down from 65536 over and over
    portOut8(0x40, 0);
    portOut8(0x40, 0);
    for (let w = 0; w < 3; w++) {
      store32(this.base + INITIAL, 0xffffffff);
      const tsc0 = cycles();
      let last = readChannel0();
      let pit: u64 = 0;
      for (let i = 0; i < 10_000_000 && pit < WINDOW_PIT_TICKS; i++) {
        const now = readChannel0();
        pit += (last - now) & 0xffff;
        last = now;
      }
      const t = cycles() - tsc0;
      const lapic = <u64>(0xffffffff - load32(this.base + CURRENT));
      if (pit < WINDOW_PIT_TICKS) return; // no PIT counting: frequencies stay 0
      bus[w] = (lapic * PIT_HZ) / pit;
      tsc[w] = (t * PIT_HZ) / pit;
    }
    store32(this.base + INITIAL, 0);
    this.busHz = median3(bus);
    this.tscHz = median3(tsc);
  }

  startPeriodic(hz: u32): bool {
    if (this.busHz == 0 || hz == 0) return false;
    store32(this.base + LVT_TIMER, PERIODIC | TIMER_VECTOR);
    store32(this.base + INITIAL, <u32>(this.busHz / hz));
    return true;
  }

  stop(): void {
    store32(this.base + LVT_TIMER, MASKED | TIMER_VECTOR);
    store32(this.base + INITIAL, 0);
  }

  eoi(): void {
    store32(this.base + EOI, 0);
  }

  // In periodic mode the count restarts at expiry: what it has counted down
  // since is the time from the interrupt's due time to now.
  sinceExpiryNs(): u64 {
    const initial = <u64>load32(this.base + INITIAL);
    const current = <u64>load32(this.base + CURRENT);
    return this.busHz == 0 || current > initial ? 0 : ((initial - current) * 1_000_000_000) / this.busHz;
  }
}

export class LapicTimer implements Timer {
  constructor(public lapic: Lapic) {}
  counterHz(): u64 {
    return this.lapic.tscHz;
  }
  start(hz: u32): bool {
    return this.lapic.startPeriodic(hz);
  }
  tick(): u32 {
    this.lapic.eoi();
    return 1;
  }
  lastTickLatencyNs(): u64 {
    return this.lapic.sinceExpiryNs();
  }
  stop(): void {
    this.lapic.stop();
  }
}
