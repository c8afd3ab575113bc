// A synchronous IPC endpoint: a rendezvous with no buffer. Senders (and
// callers) wait in `senders` with their message kept in their cell; a
// receiver waits in `receivers`. Messages on one endpoint are taken in the
// order their senders came.
import { KernelObject } from "./object";
import { KIND_ENDPOINT } from "../../abi/caps";
import { WaitQueue, wake } from "../sched/sched";

export class Endpoint extends KernelObject {
  senders: WaitQueue = new WaitQueue();
  receivers: WaitQueue = new WaitQueue();
  get kind(): u32 { return KIND_ENDPOINT; }
  // The last capability went (a pipe's owner dropped it): nobody can ever
  // meet a waiter here, so wake them all; each blocked with E_GONE as its
  // result (kernel/syscall/ipc.ts).
  destroy(): void {
    while (wake(this.senders)) {}
    while (wake(this.receivers)) {}
  }
  describe(): string {
    return this.senders.threads.length.toString() + " sender(s), " + this.receivers.threads.length.toString() + " receiver(s) waiting";
  }
}
