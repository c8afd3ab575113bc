// In-kernel tests of device interrupts, with the one device every machine has:
// the console UART raises its transmitter-empty interrupt as soon as it is
// enabled, through the I/O APIC or the PLIC, and the TS handler must run; masked
// at the controller, it must not; with no handler, it is counted and masked.
// The timer runs meanwhile, so waitForInterrupt always wakes up.
import { BootInfo, NO_IRQ } from "../../boot/bootinfo";
import { ktest, fail } from "./runner";
import { dec, hex, console } from "../console";
import { waitForInterrupt } from "../../hal/cpu";
import { startTimer, stopTimer, waitTicks } from "../cpu/time";
import {
  registerIrq,
  unregisterIrq,
  enableIrq,
  disableIrq,
  irqEnabled,
  irqCount,
  irqsAvailable,
  unexpectedIrqs,
  MAX_IRQS,
} from "../cpu/irq";
import { UART_INT_TX_EMPTY } from "../../drivers/uart/uart";

const HZ: u32 = 100;
const MAX_WAITS = 200; // 2 s of ticks
const QUIET_TICKS: u64 = 5;

let irq: u32 = NO_IRQ;
let handled: u32 = 0;
let handledIrq: u32 = NO_IRQ;
let cause: u32 = 0;

// What a driver with nothing more to send does: see why, then turn the
// interrupt off at the UART.
function uartInterrupt(n: u32): void {
  handled++;
  handledIrq = n;
  cause = console.interruptCause();
  console.setTxInterrupt(false);
}

function unavailable(): string | null {
  if (!irqsAvailable()) return "no interrupt controller (see the irq: line)";
  if (irq == NO_IRQ) return "the console UART has no known IRQ";
  return null;
}

function registration(): bool {
  const why = unavailable();
  if (why !== null) return fail(why);
  if (registerIrq(MAX_IRQS, uartInterrupt)) return fail("IRQ " + dec(MAX_IRQS) + " was accepted");
  if (!registerIrq(irq, uartInterrupt)) return fail("IRQ " + dec(irq) + " could not be registered");
  const twice = registerIrq(irq, uartInterrupt);
  unregisterIrq(irq);
  if (twice) return fail("IRQ " + dec(irq) + " was registered twice");
  if (!registerIrq(irq, uartInterrupt)) return fail("IRQ " + dec(irq) + " not free again after unregisterIrq");
  unregisterIrq(irq);
  return true;
}

function uartInterruptRunsHandler(): bool {
  const why = unavailable();
  if (why !== null) return fail(why);
  if (!registerIrq(irq, uartInterrupt)) return fail("IRQ " + dec(irq) + " could not be registered");
  if (!startTimer(HZ)) {
    unregisterIrq(irq);
    return fail("the timer did not start");
  }
  handled = 0;
  const before = irqCount(irq);
  const enabled = enableIrq(irq); // the controller first: an edge while masked is lost
  console.setTxInterrupt(true);
  for (let i = 0; i < MAX_WAITS && handled == 0; i++) waitForInterrupt();
  console.setTxInterrupt(false);
  const got = handled;
  const counted = irqCount(irq) - before;
  // Masked at the controller, the same device interrupt must not arrive.
  disableIrq(irq);
  const stillEnabled = irqEnabled(irq);
  console.setTxInterrupt(true);
  waitTicks(QUIET_TICKS, 100);
  console.setTxInterrupt(false);
  const whileMasked = handled - got;
  stopTimer();
  unregisterIrq(irq);
  if (!enabled) return fail("IRQ " + dec(irq) + " could not be enabled");
  if (got == 0) return fail("no interrupt on IRQ " + dec(irq) + " in " + dec(MAX_WAITS) + " waits");
  if (counted != <u64>got) return fail("count went up by " + dec(counted) + " for " + dec(got) + " handler calls");
  if (handledIrq != irq) return fail("the handler was told IRQ " + dec(handledIrq) + ", not " + dec(irq));
  if (cause != UART_INT_TX_EMPTY) return fail("the UART identified " + hex(console.lastIdentification()) + ", not transmitter empty");
  if (stillEnabled) return fail("IRQ " + dec(irq) + " still enabled after disableIrq");
  if (whileMasked != 0) return fail(dec(whileMasked) + " interrupts arrived while masked");
  return true;
}

// Nobody registered, and nobody acknowledges at the UART either: the line
// stays raised, and only the mask keeps it from coming back.
function unexpectedIsCountedAndMasked(): bool {
  const why = unavailable();
  if (why !== null) return fail(why);
  if (!startTimer(HZ)) return fail("the timer did not start");
  const before = unexpectedIrqs;
  const countBefore = irqCount(irq);
  const enabled = enableIrq(irq);
  console.setTxInterrupt(true);
  for (let i = 0; i < MAX_WAITS && unexpectedIrqs == before; i++) waitForInterrupt();
  const seen = unexpectedIrqs - before;
  const masked = !irqEnabled(irq);
  waitTicks(QUIET_TICKS, 100);
  const later = unexpectedIrqs - before;
  console.setTxInterrupt(false);
  stopTimer();
  disableIrq(irq);
  if (!enabled) return fail("IRQ " + dec(irq) + " could not be enabled");
  if (seen == 0) return fail("no unexpected interrupt in " + dec(MAX_WAITS) + " waits");
  if (!masked) return fail("IRQ " + dec(irq) + " was left enabled");
  if (later != seen) return fail(dec(later - seen) + " more arrived after it was masked");
  if (irqCount(irq) - countBefore != seen) return fail("IRQ " + dec(irq) + " count went up by " + dec(irqCount(irq) - countBefore));
  return true;
}

export function registerIrqTests(info: BootInfo): void {
  irq = info.uart.irq;
  ktest("irq: registration refuses IRQs out of range or already taken", registration);
  ktest("irq: the console UART's transmitter-empty interrupt runs its TS handler, and not while masked", uartInterruptRunsHandler);
  ktest("irq: an IRQ nobody registered is counted and masked, not fatal", unexpectedIsCountedAndMasked);
}
