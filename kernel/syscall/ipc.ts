// send, recv, call, reply, reply_recv; notify, wait, poll; creating
// endpoints and notifications (docs/syscalls.md). A message is an info word
// (label, a capability to move, flags) and four words, copied register to
// register: the receiver's saved registers are written directly. A call
// that finds its receiver waiting hands it the CPU at once (the fast path).
import { userResult } from "../../hal/hal";
import { E_INVAL, E_RIGHTS, E_BADSLOT, E_GONE } from "../../abi/errors";
import { KIND_ENDPOINT, KIND_NOTIFICATION, R_SEND, R_RECV, R_GRANT, R_WAIT, R_SIGNAL } from "../../abi/caps";
import { capError } from "../cap/table";
import { Cell, cellOfThread } from "../object/cell";
import { Endpoint } from "../object/endpoint";
import { Notification } from "../object/notification";
import { block, wakeThread, blockAndSwitchTo, currentThread, Thread } from "../sched/sched";
import { KEEP } from "../../abi/syscalls";

const NO_CAP: u64 = 255;
const LABEL_MASK: u64 = 0xffff;
export const INFO_CALL: u64 = 1 << 24;

// How calls went (kinfo counters, for the cell benchmarks): handed the CPU
// straight to a waiting receiver, or had to queue for one.
export let callsDirect: u64 = 0, callsQueued: u64 = 0;

// Put a message into `to`'s results: r0 0, r1 info, r2-r5 the words. The
// capability named in the info moves from `from`'s table to `to`'s; if it
// cannot, the receiver sees slot 255.
function deliver(from: Cell, to: Cell, toThread: u32, info: u64, w0: u64, w1: u64, w2: u64, w3: u64, isCall: bool): void {
  let slot: u64 = NO_CAP;
  const capSlot = (info >> 16) & 0xff;
  if (capSlot != NO_CAP) {
    const r = from.table.move(<i64>capSlot, to.table);
    if (r >= 0) slot = <u64>r;
  }
  userResult(toThread, 0, 0);
  userResult(toThread, 1, (info & LABEL_MASK) | (slot << 16) | (isCall ? INFO_CALL : 0));
  userResult(toThread, 2, w0);
  userResult(toThread, 3, w1);
  userResult(toThread, 4, w2);
  userResult(toThread, 5, w3);
}

function endpoint(cell: Cell, slot: u64, rights: u32): Endpoint | null {
  const cap = cell.table.lookup(<i64>slot, KIND_ENDPOINT, rights);
  return cap === null ? null : changetype<Endpoint>(cap.object);
}

// Check a capability named for transfer before anything blocks.
function checkTransfer(cell: Cell, slot: u64, info: u64): i64 {
  const capSlot = (info >> 16) & 0xff;
  if (capSlot == NO_CAP) return 0;
  const cap = cell.table.lookup(<i64>slot, KIND_ENDPOINT, R_SEND | R_GRANT);
  if (cap === null) return capError == E_RIGHTS ? E_RIGHTS : capError;
  if (cell.table.get(<i64>capSlot) === null) return E_BADSLOT;
  return 0;
}

export function sysSend(cell: Cell, thread: u32, slot: u64, info: u64, w0: u64, w1: u64, w2: u64, w3: u64, isCall: bool): i64 {
  if ((info >> 25) != 0) return E_INVAL;
  const ep = endpoint(cell, slot, R_SEND);
  if (ep === null) return capError;
  const t = checkTransfer(cell, slot, info);
  if (t != 0) return t;
  const me = currentThread();
  if (ep.receivers.threads.length > 0) {
    const rt = ep.receivers.threads[0];
    const rc = cellOfThread(rt.id)!;
    deliver(cell, rc, rt.id, info, w0, w1, w2, w3, isCall);
    if (!isCall) { wakeThread(rt); return 0; }
    rc.replyTo = cell;
    me.interrupted = false;
    if (blockAndSwitchTo(cell.replyWait, rt)) callsDirect++; // the fast path: straight to the receiver
    return KEEP; // the reply (or E_GONE) was written by whoever woke us
  }
  // Nobody waits: keep the message here and wait for a receiver.
  cell.msgInfo = info;
  unchecked(cell.msgWords[0] = w0);
  unchecked(cell.msgWords[1] = w1);
  unchecked(cell.msgWords[2] = w2);
  unchecked(cell.msgWords[3] = w3);
  cell.msgIsCall = isCall;
  if (isCall) callsQueued++;
  me.interrupted = false;
  userResult(thread, 0, <u64>E_GONE); // what we return if woken by anything but a receiver
  block(ep.senders);
  return KEEP;
}

export function sysRecv(cell: Cell, thread: u32, slot: u64): i64 {
  const ep = endpoint(cell, slot, R_RECV);
  if (ep === null) return capError;
  return receive(cell, thread, ep, null);
}

// Take a waiting sender's message, or wait for one. `handoff`: a caller just
// answered (reply_recv), still blocked: if we wait, this CPU goes straight
// to it; if not, it is simply woken.
function receive(cell: Cell, thread: u32, ep: Endpoint, handoff: Thread | null): i64 {
  if (ep.senders.threads.length > 0) {
    if (handoff !== null) wakeThread(handoff);
    const st = ep.senders.threads[0];
    const sc = cellOfThread(st.id)!;
    deliver(sc, cell, thread, sc.msgInfo, unchecked(sc.msgWords[0]), unchecked(sc.msgWords[1]), unchecked(sc.msgWords[2]), unchecked(sc.msgWords[3]), sc.msgIsCall);
    if (sc.msgIsCall) {
      // The caller goes on waiting, now for our reply.
      ep.senders.threads.shift();
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
  if (handoff !== null) blockAndSwitchTo(ep.receivers, handoff);
  else block(ep.receivers);
  return KEEP;
}

// Answer the caller this cell last received from: its thread, which the
// caller wakes or switches to, or null if there is none any more.
function replyTo(cell: Cell, info: u64, w0: u64, w1: u64, w2: u64, w3: u64): Thread | null {
  const caller = cell.replyTo;
  cell.replyTo = null;
  if (caller === null || caller.thread === null) return null;
  const ct = caller.thread!;
  if (ct.waitingOn !== caller.replyWait) return null; // it was killed meanwhile
  deliver(cell, caller, ct.id, info, w0, w1, w2, w3, false);
  return ct;
}

export function sysReply(cell: Cell, info: u64, w0: u64, w1: u64, w2: u64, w3: u64): i64 {
  if ((info >> 24) != 0) return E_INVAL;
  if (cell.replyTo === null) return E_INVAL;
  if (((info >> 16) & 0xff) != NO_CAP && cell.table.get(<i64>((info >> 16) & 0xff)) === null) return E_BADSLOT;
  const ct = replyTo(cell, info, w0, w1, w2, w3);
  if (ct !== null) wakeThread(ct);
  return 0;
}

export function sysReplyRecv(cell: Cell, thread: u32, slot: u64, info: u64, w0: u64, w1: u64, w2: u64, w3: u64): i64 {
  if ((info >> 24) != 0) return E_INVAL;
  const ep = endpoint(cell, slot, R_RECV);
  if (ep === null) return capError;
  const caller = cell.replyTo !== null ? replyTo(cell, info, w0, w1, w2, w3) : null;
  return receive(cell, thread, ep, caller);
}

function notification(cell: Cell, slot: u64, rights: u32): Notification | null {
  const cap = cell.table.lookup(<i64>slot, KIND_NOTIFICATION, rights);
  return cap === null ? null : changetype<Notification>(cap.object);
}

export function sysNotify(cell: Cell, slot: u64, bits: u64): i64 {
  const n = notification(cell, slot, R_SIGNAL);
  if (n === null) return capError;
  n.signal(bits & 0x7fff_ffff_ffff_ffff); // a result with the top bit set would read as an error
  return 0;
}

export function sysWait(cell: Cell, slot: u64): i64 {
  const n = notification(cell, slot, R_WAIT);
  if (n === null) return capError;
  if (n.bits != 0) return <i64>n.poll();
  userResult(currentThread().id, 0, <u64>E_GONE);
  n.wait();
  return KEEP;
}

export function sysPoll(cell: Cell, slot: u64): i64 {
  const n = notification(cell, slot, R_WAIT);
  if (n === null) return capError;
  return <i64>n.poll();
}

export function sysNotifyCreate(cell: Cell): i64 {
  return cell.table.insertRoot(new Notification(), R_WAIT | R_SIGNAL);
}

export function sysEndpointCreate(cell: Cell): i64 {
  return cell.table.insertRoot(new Endpoint(), R_RECV | R_SEND | R_GRANT);
}
