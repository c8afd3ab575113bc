// A synchronous IPC endpoint: a rendezvous with no buffer. Senders (and
// callers) wait in `senders` with their message kept in their cell; a
// receiver waits in `receivers`. Messages on one endpoint are taken in the
// order their senders came.
import { KernelObject } from "../cap/object";
import { KIND_ENDPOINT } from "../cap/kinds";
import { WaitQueue } from "../sched";

export class Endpoint extends KernelObject {
  senders: WaitQueue = new WaitQueue();
  receivers: WaitQueue = new WaitQueue();
  get kind(): u32 { return KIND_ENDPOINT; }
  describe(): string {
    return this.senders.threads.length.toString() + " sender(s), " + this.receivers.threads.length.toString() + " receiver(s) waiting";
  }
}
