// timerdrv: a user-space device driver, the proof that mmio and irq
// capabilities work (docs/cells.md). Slots: 0 console, 5 the device's
// registers (mmio), 6 its interrupt line (irq). It maps the registers, reads
// the counter twice, sets an alarm a few ms ahead, waits for the interrupt,
// quietens the device and acknowledges the line; one line per step. The
// device is the goldfish RTC (riscv64 virt) or the HPET (x86_64 pc), told
// apart by the HPET's capability register (revision 1, a period of at most
// 100 ns). Arguments, for usertests: `denied N` expects map and irq_wait to
// fail with error N; `waitgone` waits until the wait ends with E_GONE.
import { println } from "../../lib/console";
import * as sys from "../../lib/sys";
import * as dev from "./regs";

const MMIO = sys.DEVICE_MMIO,
  IRQ = sys.DEVICE_IRQ;
const ALARM_NS: u64 = 5_000_000;
const MAX_WAITS = 100; // interrupts that were not our alarm (a shared line)

function fail(why: string): void {
  println("timerdrv: FAIL " + why);
  sys.exit(1);
}

function denied(want: i64): void {
  const m = sys.mapInLinearMemory(MMIO, 1, sys.PROT_READ);
  const w = sys.irqWait(IRQ);
  const a = sys.irqAck(IRQ);
  println("timerdrv: map " + sys.errorName(m) + ", irq_wait " + sys.errorName(w) + ", irq_ack " + sys.errorName(a));
  sys.exit(m == want && w == want && a == want ? 0 : 1);
}

// Waits until a wait ends with E_GONE (its capability revoked); fires of a
// shared line meanwhile are acknowledged and waited past.
// Exit code 2: the capability was gone before the first wait began (the
// test revoked it too early to prove anything, and tries again).
function waitGone(): void {
  for (let i = 0; i < 1000; i++) {
    const r = sys.irqWait(IRQ);
    if (r == sys.E_GONE) {
      println("timerdrv: irq_wait ended with E_GONE");
      sys.exit(0);
    }
    if (r == sys.E_BADSLOT && i == 0) {
      println("timerdrv: the capability was gone before the wait");
      sys.exit(2);
    }
    if (r != 0) fail("irq_wait returned " + sys.errorName(r));
    sys.irqAck(IRQ);
  }
  fail("no E_GONE");
}

export function main(): void {
  const a = sys.args().trim();
  if (a.startsWith("denied ")) {
    denied(I64.parseInt(a.substring(7)));
    return;
  }
  if (a == "waitgone") {
    waitGone();
    return;
  }

  const off = sys.mapInLinearMemory(MMIO, 1, sys.PROT_READ | sys.PROT_WRITE);
  if (off < 0) fail("map of the mmio capability: " + sys.errorName(off));
  const d = dev.open(<usize>off);
  println("timerdrv: mapped " + d.name + " registers at 0x" + sys.addr(<usize>off).toString(16));

  const t0 = d.now();
  sys.sleep(1_000_000);
  const t1 = d.now();
  println("timerdrv: counter " + t0.toString() + " then " + t1.toString() + " ns");
  if (t1 <= t0) fail("the counter did not advance");

  const start = sys.time();
  d.alarmIn(ALARM_NS);
  println("timerdrv: alarm set " + (ALARM_NS / 1_000_000).toString() + " ms ahead");
  let waits = 0;
  while (true) {
    const r = sys.irqWait(IRQ);
    if (r < 0) fail("irq_wait: " + sys.errorName(r));
    waits++;
    const ours = d.fired();
    if (ours) d.clear(); // quieten the device before the line is unmasked
    const k = sys.irqAck(IRQ);
    if (k < 0) fail("irq_ack: " + sys.errorName(k));
    if (ours) break;
    if (waits >= MAX_WAITS) fail("the alarm never fired (" + waits.toString() + " interrupts, none ours)");
  }
  const ms = (sys.time() - start) / 1_000_000;
  println(
    "timerdrv: interrupt after " + ms.toString() + " ms (" + waits.toString() + " wait" + (waits == 1 ? "" : "s") + "), acknowledged",
  );
  if (<u64>ms * 1_000_000 + 1_000_000 < ALARM_NS) fail("the interrupt came before the alarm");
  println("timerdrv: done");
  sys.exit(0);
}
