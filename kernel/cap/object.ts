// What a capability names: an endpoint, a memory region, a cell... Each kind
// of object extends this. The tables count the capabilities naming an object
// so that it is torn down exactly when the last one goes: a cell can't keep
// using an object it holds no capability for, and nobody else can reach it.
import { Capability } from "../cap/capability";

export abstract class KernelObject {
  caps: i32 = 0; // live capabilities naming it (kept by kernel/cap/, read-only elsewhere)

  abstract get kind(): u32;

  // Called once, when the last capability naming it is deleted (after the
  // tables are consistent again, so it may delete capabilities itself).
  destroy(): void {}

  // Called as each capability naming it is deleted, mid-walk: it may wake
  // threads, not delete capabilities (an IRQ's waiter waits through one).
  capDeleted(cap: Capability): void {}

  // A line for the kernel's listings ("8 pages at 0x1234000"), "" for none.
  describe(): string {
    return "";
  }
}
