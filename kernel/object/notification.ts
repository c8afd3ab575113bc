// A notification: a word of bits that signals OR in and a wait takes out
// (seL4's notification object). Signals never block; a waiter blocks until
// some bit is set. The kernel signals one when a supervised cell ends.
import { KernelObject } from "../cap/object";
import { KIND_NOTIFICATION } from "../../abi/caps";
import { wake, block, currentThread } from "../sched/sched";
import { WaitQueue } from "../sched/thread";
import { userResult } from "../../hal/user";

export class Notification extends KernelObject {
  bits: u64 = 0;
  waiters: WaitQueue = new WaitQueue();
  get kind(): u32 {
    return KIND_NOTIFICATION;
  }

  // Set bits; a waiting thread gets them all (as its call's result) at once.
  signal(bits: u64): void {
    this.bits |= bits;
    if (this.bits == 0 || this.waiters.threads.length == 0) return;
    userResult(this.waiters.threads[0].id, 0, this.bits);
    this.bits = 0;
    wake(this.waiters);
  }

  // The last capability went: waiters would sleep forever; they get E_GONE.
  destroy(): void {
    while (wake(this.waiters)) {}
  }

  // Take the bits, or 0 if none are set.
  poll(): u64 {
    const b = this.bits;
    this.bits = 0;
    return b;
  }

  // Block until a signal; the signal writes the result. False if the wait
  // was interrupted (the cell is being killed).
  wait(): bool {
    const t = currentThread();
    t.interrupted = false;
    block(this.waiters);
    return !t.interrupted;
  }

  describe(): string {
    return "bits 0x" + this.bits.toString(16);
  }
}
