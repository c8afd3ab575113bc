// console_write, console_read, kinfo, time, sleep, yield, irq_wait, irq_ack
// (docs/syscalls.md). The console and kinfo are capabilities like any
// other: a cell without one can neither print nor look at the kernel.
import { E_FAULT, E_INVAL, E_GONE, E_BUSY } from "../../abi/errors";
import { IrqObject } from "../object/irq";
import { userResult } from "../../hal/hal";
import { KEEP } from "../../abi/syscalls";
import { KIND_CONSOLE, KIND_KINFO, KIND_IRQ, R_READ, R_WRITE, R_WAIT, R_ACK } from "../../abi/caps";
import { capError } from "../cap/table";
import { KernelObject } from "../object/object";
import { Cell } from "../object/cell";
import { copyFromUser, copyToUser, userRangeOk, MAX_COPY } from "../cell/uaccess";
import { console, putc } from "../console";
import { nowNs } from "../cpu/time";
import { sleepFor, yieldCpu, currentThread } from "../sched/sched";
import { kinfoText } from "../object/kinfo";

export class ConsoleObject extends KernelObject {
  get kind(): u32 { return KIND_CONSOLE; }
  describe(): string { return "serial console"; }
}

export class KinfoObject extends KernelObject {
  get kind(): u32 { return KIND_KINFO; }
  describe(): string { return "kernel statistics"; }
}

const CHUNK: u32 = 256;
const buf = new StaticArray<u8>(<i32>CHUNK);
const READ_POLL_NS: u64 = 10_000_000;

export function sysConsoleWrite(cell: Cell, slot: u64, ptr: u64, len: u64): i64 {
  if (cell.table.lookup(<i64>slot, KIND_CONSOLE, R_WRITE) === null) return capError;
  if (len > <u64>MAX_COPY) return E_INVAL;
  const space = cell.space!;
  if (!userRangeOk(space, ptr, len, false)) return E_FAULT; // all of it, before a byte is printed
  let done: u64 = 0;
  while (done < len) {
    const n = <u32>min<u64>(len - done, <u64>CHUNK);
    if (!copyFromUser(space, changetype<usize>(buf), ptr + done, n)) return E_FAULT;
    for (let i: u32 = 0; i < n; i++) putc(<u32>unchecked(buf[i]));
    done += n;
  }
  return <i64>len;
}

// Blocks (polling the UART every 10 ms, asleep between) until at least one
// byte has come, then returns what is there, up to len.
export function sysConsoleRead(cell: Cell, slot: u64, ptr: u64, len: u64): i64 {
  if (cell.table.lookup(<i64>slot, KIND_CONSOLE, R_READ) === null) return capError;
  if (len == 0 || len > <u64>CHUNK) return E_INVAL;
  if (!userRangeOk(cell.space!, ptr, len, true)) return E_FAULT;
  let n: u32 = 0;
  while (true) {
    while (n < <u32>len) {
      const c = console.getc();
      if (c < 0) break;
      unchecked(buf[n++] = <u8>c);
    }
    if (n > 0 || cell.killRequested) break;
    sleepFor(READ_POLL_NS);
  }
  if (!copyToUser(cell.space!, ptr, changetype<usize>(buf), n)) return E_FAULT;
  return <i64>n;
}

export function sysKinfo(cell: Cell, slot: u64, what: u64, ptr: u64, len: u64): i64 {
  if (cell.table.lookup(<i64>slot, KIND_KINFO, R_READ) === null) return capError;
  if (what > 3 || len > <u64>MAX_COPY) return E_INVAL;
  const text = String.UTF8.encode(kinfoText(<u32>what));
  const n = <u32>min<u64>(<u64>text.byteLength, len);
  if (!copyToUser(cell.space!, ptr, changetype<usize>(text), n)) return E_FAULT;
  return <i64>n;
}

export function sysTime(): i64 { return <i64>nowNs(); }

export function sysSleep(cell: Cell, ns: u64): i64 {
  if (ns > 3600_000_000_000) return E_INVAL;
  if (ns > 0 && !cell.killRequested) sleepFor(ns);
  return 0;
}

export function sysYield(): i64 {
  yieldCpu();
  return 0;
}

// irq_wait blocks until the line fires (returns at once if it fired and no
// wait has taken that yet); E_GONE if the capability is deleted meanwhile,
// E_BUSY if another thread waits on the line. irq_ack unmasks the line.
export function sysIrqWait(cell: Cell, slot: u64): i64 {
  const cap = cell.table.lookup(<i64>slot, KIND_IRQ, R_WAIT);
  if (cap === null) return capError;
  const irq = changetype<IrqObject>(cap.object);
  if (irq.pending) { irq.pending = false; return 0; }
  if (cell.killRequested) return E_GONE;
  userResult(currentThread().id, 0, <u64>E_GONE);
  if (!irq.wait(cap)) return E_BUSY;
  return KEEP;
}

export function sysIrqAck(cell: Cell, slot: u64): i64 {
  const cap = cell.table.lookup(<i64>slot, KIND_IRQ, R_ACK);
  if (cap === null) return capError;
  return changetype<IrqObject>(cap.object).ack() ? 0 : E_INVAL;
}
