// An IRQ object: one device interrupt line for a user-space driver (irq_wait,
// irq_ack). When the line fires the handler masks it, counts it and wakes the
// waiter; the line stays masked until the driver, having quietened its
// device, acknowledges it. So a level-triggered device cannot keep the kernel
// busy, and a fire nobody waited for is kept (pending) for the next wait.
// AssemblyScript has no closures: one table maps the line to its object.
import { KernelObject } from "../cap/object";
import { Capability } from "../cap/capability";
import { KIND_IRQ } from "../../abi/caps";
import { registerIrq, unregisterIrq, enableIrq, disableIrq, MAX_IRQS } from "../cpu/irq";
import { wake, block, currentThread } from "../sched/sched";
import { WaitQueue } from "../sched/thread";
import { userResult } from "../../hal/user";

const objects = new StaticArray<IrqObject | null>(MAX_IRQS);

function fired(irq: u32): void {
  disableIrq(irq);
  const o = objects[irq];
  if (o !== null) o!.fire();
}

export class IrqObject extends KernelObject {
  count: u64 = 0; // times it fired
  pending: bool = false; // fired, and no wait has taken it yet
  waiters: WaitQueue = new WaitQueue();
  waitCap: Capability | null = null; // what the waiter waits through
  constructor(
    public name: string,
    public line: u32,
  ) {
    super();
  }
  get kind(): u32 {
    return KIND_IRQ;
  }

  // Null if the line is out of range or somebody has it.
  static claim(name: string, line: u32): IrqObject | null {
    if (line >= MAX_IRQS || objects[line] !== null) return null;
    const o = new IrqObject(name, line);
    if (!registerIrq(line, fired)) return null;
    objects[line] = o;
    if (!enableIrq(line)) {
      unregisterIrq(line);
      objects[line] = null;
      return null;
    }
    return o;
  }

  fire(): void {
    this.count++;
    this.pending = true;
    if (this.waiters.threads.length == 0) return;
    this.pending = false;
    userResult(this.waiters.threads[0].id, 0, 0);
    this.waitCap = null;
    wake(this.waiters);
  }

  // Block until the line fires (at once if it fired unwaited); the wake
  // writes the result. One waiter at a time: false if there is one already.
  // The caller has set E_GONE as its result, for a wait that is cut short.
  wait(cap: Capability): bool {
    if (this.waiters.threads.length > 0) return false;
    const t = currentThread();
    t.interrupted = false;
    this.waitCap = cap;
    block(this.waiters);
    if (this.waitCap === cap) this.waitCap = null;
    return true;
  }

  ack(): bool {
    return enableIrq(this.line);
  }

  // The capability the waiter waits through was deleted (revoked, dropped):
  // it wakes with E_GONE rather than wait on a line it can no longer name.
  capDeleted(cap: Capability): void {
    if (cap !== this.waitCap || this.waiters.threads.length == 0) return;
    this.waitCap = null;
    wake(this.waiters);
  }

  // The last capability went: the line goes back masked and unclaimed.
  destroy(): void {
    unregisterIrq(this.line);
    objects[this.line] = null;
    while (wake(this.waiters)) {}
  }

  describe(): string {
    return this.name + ": line " + this.line.toString() + ", fired " + this.count.toString();
  }
}
