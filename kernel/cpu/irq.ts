// Device interrupts, the generic half: a handler per IRQ, a count per IRQ, and
// what happens to an IRQ nobody registered: it is counted and masked, never
// fatal, so a stray device cannot stop the kernel or keep it busy. The
// controller (I/O APIC, PLIC) is the platform's (hal/platform.ts). Like the timer's, handlers run
// only inside waitForInterrupt (the kernel is not preemptible), never in the
// middle of other TS code. AssemblyScript has no closures: a handler is a
// top-level function, told which IRQ fired.
import { InterruptController } from "../../hal/platform";
import { BootInfo } from "../../boot/bootinfo";
import { println } from "../console";

export type IrqHandler = (irq: u32) => void;

export const MAX_IRQS: u32 = 1024; // the PLIC's limit; x86 GSIs stay far below it

let controller: InterruptController | null = null;
let ready = false;
const handlers = new StaticArray<IrqHandler | null>(MAX_IRQS);
const counts = new StaticArray<u64>(MAX_IRQS);
export let unexpectedIrqs: u64 = 0; // IRQs that fired with no handler (then masked)
export let spuriousIrqs: u64 = 0; // interrupts that named no IRQ

// Find the controller; without one the kernel runs on, with no device interrupts.
export function initIrqs(c: InterruptController, info: BootInfo): bool {
  controller = c;
  ready = c.init(info);
  println("irq: " + c.summary());
  return ready;
}

export function irqsAvailable(): bool {
  return ready;
}

// Refused (false) for an IRQ out of range or already taken.
export function registerIrq(irq: u32, handler: IrqHandler): bool {
  if (!ready || irq >= MAX_IRQS || handlers[irq] !== null) return false;
  handlers[irq] = handler;
  return true;
}

// Masks the IRQ too: nobody is left to answer it.
export function unregisterIrq(irq: u32): void {
  if (irq >= MAX_IRQS) return;
  disableIrq(irq);
  handlers[irq] = null;
}

// Unmask at the controller. Allowed without a handler: such an IRQ takes the
// unexpected path when it fires.
export function enableIrq(irq: u32): bool {
  return ready && irq < MAX_IRQS && controller!.enable(irq);
}

export function disableIrq(irq: u32): void {
  if (ready && irq < MAX_IRQS) controller!.disable(irq);
}

export function irqEnabled(irq: u32): bool {
  return ready && irq < MAX_IRQS && controller!.enabled(irq);
}

export function irqCount(irq: u32): u64 {
  return irq < MAX_IRQS ? counts[irq] : 0;
}

// Called (through the entry module's export) from the trap path.
export function onDeviceInterrupt(cause: u32): void {
  if (controller === null) return;
  const c = controller!;
  const irq = c.claim(cause);
  if (irq >= MAX_IRQS) {
    spuriousIrqs++;
  } else {
    counts[irq]++;
    const h = handlers[irq];
    if (h === null) {
      unexpectedIrqs++;
      c.disable(irq);
    } else {
      h(irq);
    }
  }
  c.complete(irq);
}
