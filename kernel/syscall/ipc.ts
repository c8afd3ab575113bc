// send, recv, call, reply, reply_recv; notify, wait, poll; endpoint_create,
// notify_create (docs/syscalls.md): check the capabilities and arguments,
// then the objects' protocols (kernel/object/endpoint.ts, notification.ts)
// do the rest.
import { E_INVAL, E_RIGHTS, E_BADSLOT, E_GONE } from "../../abi/errors";
import { KIND_ENDPOINT, KIND_NOTIFICATION, R_SEND, R_RECV, R_GRANT, R_WAIT, R_SIGNAL, NO_SLOT } from "../../abi/caps";
import { infoSlot } from "../../abi/ipc";
import { userResult } from "../../hal/user";
import { capError } from "../cap/table";
import { Cell } from "../object/cell";
import { Endpoint, answerCaller } from "../object/endpoint";
import { Notification } from "../object/notification";
import { wakeThread, currentThread } from "../sched/sched";
import { KEEP } from "./results";

function endpoint(cell: Cell, slot: u64, rights: u32): Endpoint | null {
  const cap = cell.table.lookup(<i64>slot, KIND_ENDPOINT, rights);
  return cap === null ? null : changetype<Endpoint>(cap.object);
}

// A capability named for transfer is checked before anything blocks.
function checkTransfer(cell: Cell, slot: u64, info: u64): i64 {
  const capSlot = infoSlot(info);
  if (capSlot == NO_SLOT) return 0;
  const cap = cell.table.lookup(<i64>slot, KIND_ENDPOINT, R_SEND | R_GRANT);
  if (cap === null) return capError == E_RIGHTS ? E_RIGHTS : capError;
  if (cell.table.get(<i64>capSlot) === null) return E_BADSLOT;
  return 0;
}

// send and call (isCall).
export function sysSend(cell: Cell, thread: u32, slot: u64, info: u64, w0: u64, w1: u64, w2: u64, w3: u64, isCall: bool): i64 {
  if (info >> 25 != 0) return E_INVAL;
  const ep = endpoint(cell, slot, R_SEND);
  if (ep === null) return capError;
  const t = checkTransfer(cell, slot, info);
  if (t != 0) return t;
  return ep.send(cell, thread, info, w0, w1, w2, w3, isCall);
}

export function sysRecv(cell: Cell, thread: u32, slot: u64): i64 {
  const ep = endpoint(cell, slot, R_RECV);
  if (ep === null) return capError;
  return ep.receive(cell, thread, null);
}

export function sysReply(cell: Cell, info: u64, w0: u64, w1: u64, w2: u64, w3: u64): i64 {
  if (info >> 24 != 0) return E_INVAL;
  if (cell.replyTo === null) return E_INVAL;
  const capSlot = infoSlot(info);
  if (capSlot != NO_SLOT && cell.table.get(<i64>capSlot) === null) return E_BADSLOT;
  const ct = answerCaller(cell, info, w0, w1, w2, w3);
  if (ct !== null) wakeThread(ct);
  return 0;
}

export function sysReplyRecv(cell: Cell, thread: u32, slot: u64, info: u64, w0: u64, w1: u64, w2: u64, w3: u64): i64 {
  if (info >> 24 != 0) return E_INVAL;
  const ep = endpoint(cell, slot, R_RECV);
  if (ep === null) return capError;
  const caller = cell.replyTo !== null ? answerCaller(cell, info, w0, w1, w2, w3) : null;
  return ep.receive(cell, thread, caller);
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
