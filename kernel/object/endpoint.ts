// A synchronous IPC endpoint and its protocol (docs/syscalls.md): a
// rendezvous with no buffer. Senders (and callers) wait in `senders` with
// their message kept in their cell; a receiver waits in `receivers`.
// Messages on one endpoint are taken in the order their senders came. A
// message is an info word (abi/ipc.ts) and four words, copied register to
// register: the receiver's saved registers are written directly. A call
// that finds its receiver waiting hands it the CPU at once (the fast path);
// the caller then waits in its own cell's replyWait for the answer.
import { KernelObject } from "../cap/object";
import { KIND_ENDPOINT, NO_SLOT } from "../../abi/caps";
import { E_GONE } from "../../abi/errors";
import { INFO_LABEL_MASK, INFO_SLOT_SHIFT, INFO_CALL, infoSlot } from "../../abi/ipc";
import { userResult } from "../../hal/user";
import { WaitQueue, Thread } from "../sched/thread";
import { wake, block, wakeThread, blockAndSwitchTo, currentThread } from "../sched/sched";
import { KEEP, countCall } from "../syscall/results";
import { Cell, cellOfThread } from "./cell";

// Put a message into `to`'s results: r0 0, r1 info, r2-r5 the words. The
// capability named in the info moves from `from`'s table to `to`'s; if it
// cannot, the receiver sees NO_SLOT.
function deliver(from: Cell, to: Cell, toThread: u32, info: u64, w0: u64, w1: u64, w2: u64, w3: u64, isCall: bool): void {
  let slot: u64 = NO_SLOT;
  const capSlot = infoSlot(info);
  if (capSlot != NO_SLOT) {
    const r = from.table.move(<i64>capSlot, to.table);
    if (r >= 0) slot = <u64>r;
  }
  userResult(toThread, 0, 0);
  userResult(toThread, 1, (info & INFO_LABEL_MASK) | (slot << INFO_SLOT_SHIFT) | (isCall ? INFO_CALL : 0));
  userResult(toThread, 2, w0);
  userResult(toThread, 3, w1);
  userResult(toThread, 4, w2);
  userResult(toThread, 5, w3);
}

export class Endpoint extends KernelObject {
  senders: WaitQueue = new WaitQueue();
  receivers: WaitQueue = new WaitQueue();
  get kind(): u32 {
    return KIND_ENDPOINT;
  }

  // send and call: give the message to a waiting receiver, or wait for one.
  // 0 for a send that found its receiver; else KEEP: whoever wakes this
  // thread writes its results (a receiver, the reply, or E_GONE).
  send(cell: Cell, thread: u32, info: u64, w0: u64, w1: u64, w2: u64, w3: u64, isCall: bool): i64 {
    const me = currentThread();
    if (this.receivers.threads.length > 0) {
      const rt = this.receivers.threads[0];
      const rc = cellOfThread(rt.id)!;
      deliver(cell, rc, rt.id, info, w0, w1, w2, w3, isCall);
      if (!isCall) {
        wakeThread(rt);
        return 0;
      }
      rc.replyTo = cell;
      me.interrupted = false;
      if (blockAndSwitchTo(cell.replyWait, rt)) countCall(true); // the fast path: straight to the receiver
      return KEEP; // the reply (or E_GONE) was written by whoever woke us
    }
    // Nobody waits: keep the message here and wait for a receiver.
    cell.msgInfo = info;
    unchecked((cell.msgWords[0] = w0));
    unchecked((cell.msgWords[1] = w1));
    unchecked((cell.msgWords[2] = w2));
    unchecked((cell.msgWords[3] = w3));
    cell.msgIsCall = isCall;
    if (isCall) countCall(false);
    me.interrupted = false;
    userResult(thread, 0, <u64>E_GONE); // what we return if woken by anything but a receiver
    block(this.senders);
    return KEEP;
  }

  // recv: take a waiting sender's message, or wait for one. `handoff`: a
  // caller just answered (reply_recv), still blocked: if we wait, this CPU
  // goes straight to it; if not, it is simply woken. Always KEEP.
  receive(cell: Cell, thread: u32, handoff: Thread | null): i64 {
    if (this.senders.threads.length > 0) {
      if (handoff !== null) wakeThread(handoff);
      const st = this.senders.threads[0];
      const sc = cellOfThread(st.id)!;
      deliver(
        sc,
        cell,
        thread,
        sc.msgInfo,
        unchecked(sc.msgWords[0]),
        unchecked(sc.msgWords[1]),
        unchecked(sc.msgWords[2]),
        unchecked(sc.msgWords[3]),
        sc.msgIsCall,
      );
      if (sc.msgIsCall) {
        // The caller goes on waiting, now for our reply.
        this.senders.threads.shift();
        st.waitingOn = sc.replyWait;
        sc.replyWait.threads.push(st);
        cell.replyTo = sc;
      } else {
        userResult(st.id, 0, 0);
        wakeThread(st);
      }
      return KEEP;
    }
    currentThread().interrupted = false;
    userResult(thread, 0, <u64>E_GONE);
    if (handoff !== null) blockAndSwitchTo(this.receivers, handoff);
    else block(this.receivers);
    return KEEP;
  }

  // The last capability went (a pipe's owner dropped it): nobody can ever
  // meet a waiter here, so wake them all; each blocked with E_GONE as its
  // result.
  destroy(): void {
    while (wake(this.senders)) {}
    while (wake(this.receivers)) {}
  }

  describe(): string {
    return this.senders.threads.length.toString() + " sender(s), " + this.receivers.threads.length.toString() + " receiver(s) waiting";
  }
}

// reply: answer the caller `cell` last received from. Its thread, which the
// answerer then wakes or switches to, or null if there is none any more.
export function answerCaller(cell: Cell, info: u64, w0: u64, w1: u64, w2: u64, w3: u64): Thread | null {
  const caller = cell.replyTo;
  cell.replyTo = null;
  if (caller === null || caller.thread === null) return null;
  const ct = caller.thread!;
  if (ct.waitingOn !== caller.replyWait) return null; // it was killed meanwhile
  deliver(cell, caller, ct.id, info, w0, w1, w2, w3, false);
  return ct;
}
