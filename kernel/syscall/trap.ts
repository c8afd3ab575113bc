// Where a cell's thread spends its life: run the cell until it traps, then
// serve the trap. A system call goes through the table below, indexed by
// the numbers of abi/syscalls.ts, so the table's own length bounds what a
// cell may ask (xv6's syscall()); an interrupt is a preemption point; any
// other trap is a fault that ends the cell alone. The handlers, one group
// per file, check every capability, pointer and length and answer a bad
// argument with an error code (docs/syscalls.md).
import * as sys from "../../abi/syscalls";
import { E_NOSYS } from "../../abi/errors";
import { USER_SYSCALL, USER_INTERRUPT, USER_PAGE_FAULT, FAULT_BUDGET, faultResult, accessName } from "../../abi/traps";
import { STACK_TOP } from "../../abi/memory";
import { runUser, userContextInit, userArg, userResult, userFaultPc, userFaultAddress, userFaultAccess } from "../../hal/user";
import { thisCpu } from "../cpu/cpu";
import { nowNs, startTimer } from "../cpu/time";
import { currentThread, preemptionPoint } from "../sched/sched";
import { Cell, CellState, cellOfThread } from "../object/cell";
import { fault, end } from "../cell/lifecycle";
import { KEEP, countSyscall } from "./results";
import { sysMap, sysUnmap, sysMemCreate } from "./memory";
import { sysSend, sysRecv, sysReply, sysReplyRecv, sysNotify, sysWait, sysPoll, sysNotifyCreate, sysEndpointCreate } from "./ipc";
import { sysCapCopy, sysCapDrop, sysCapRevoke, sysCapInfo } from "./caps";
import { sysExit, sysTrap, sysYield, sysSleep, sysSpawn, sysCellStatus, sysCellKill, sysCellRestart } from "./cells";
import { sysConsoleWrite, sysConsoleRead } from "./console";
import { sysKinfo, sysFileRead, sysArgs, sysTime } from "./info";
import { sysIrqWait, sysIrqAck } from "./devices";

const CELL_TICK_HZ: u32 = 100;

// The arguments of the call being served (one set: the kernel serves one
// call at a time, under the big kernel lock).
class Args {
  a0: u64 = 0;
  a1: u64 = 0;
  a2: u64 = 0;
  a3: u64 = 0;
  a4: u64 = 0;
  a5: u64 = 0;
}
const args = new Args();

type Handler = (cell: Cell, thread: u32, a: Args) => i64;
const table = new Array<Handler | null>();

function define(num: u32, handler: Handler): void {
  while (<u32>table.length <= num) table.push(null);
  table[num] = handler;
}

define(sys.SYS_EXIT, (c: Cell, t: u32, a: Args): i64 => sysExit(c, a.a0));
define(sys.SYS_YIELD, (c: Cell, t: u32, a: Args): i64 => sysYield());
define(sys.SYS_SLEEP, (c: Cell, t: u32, a: Args): i64 => sysSleep(c, a.a0));
define(sys.SYS_MAP, (c: Cell, t: u32, a: Args): i64 => sysMap(c, a.a0, a.a1, a.a2, a.a3));
define(sys.SYS_UNMAP, (c: Cell, t: u32, a: Args): i64 => sysUnmap(c, a.a0, a.a1));
define(sys.SYS_MEM_CREATE, (c: Cell, t: u32, a: Args): i64 => sysMemCreate(c, a.a0));
define(sys.SYS_SEND, (c: Cell, t: u32, a: Args): i64 => sysSend(c, t, a.a0, a.a1, a.a2, a.a3, a.a4, a.a5, false));
define(sys.SYS_RECV, (c: Cell, t: u32, a: Args): i64 => sysRecv(c, t, a.a0));
define(sys.SYS_CALL, (c: Cell, t: u32, a: Args): i64 => sysSend(c, t, a.a0, a.a1, a.a2, a.a3, a.a4, a.a5, true));
define(sys.SYS_REPLY, (c: Cell, t: u32, a: Args): i64 => sysReply(c, a.a0, a.a1, a.a2, a.a3, a.a4));
define(sys.SYS_REPLY_RECV, (c: Cell, t: u32, a: Args): i64 => sysReplyRecv(c, t, a.a0, a.a1, a.a2, a.a3, a.a4, a.a5));
define(sys.SYS_NOTIFY, (c: Cell, t: u32, a: Args): i64 => sysNotify(c, a.a0, a.a1));
define(sys.SYS_WAIT, (c: Cell, t: u32, a: Args): i64 => sysWait(c, a.a0));
define(sys.SYS_POLL, (c: Cell, t: u32, a: Args): i64 => sysPoll(c, a.a0));
define(sys.SYS_CAP_COPY, (c: Cell, t: u32, a: Args): i64 => sysCapCopy(c, a.a0, a.a1));
define(sys.SYS_CAP_DROP, (c: Cell, t: u32, a: Args): i64 => sysCapDrop(c, a.a0));
define(sys.SYS_CAP_REVOKE, (c: Cell, t: u32, a: Args): i64 => sysCapRevoke(c, a.a0));
define(sys.SYS_CAP_INFO, (c: Cell, t: u32, a: Args): i64 => sysCapInfo(c, a.a0));
define(sys.SYS_SPAWN, (c: Cell, t: u32, a: Args): i64 => sysSpawn(c, a.a0, a.a1));
define(sys.SYS_CELL_STATUS, (c: Cell, t: u32, a: Args): i64 => sysCellStatus(c, t, a.a0));
define(sys.SYS_CELL_KILL, (c: Cell, t: u32, a: Args): i64 => sysCellKill(c, a.a0));
define(sys.SYS_CELL_RESTART, (c: Cell, t: u32, a: Args): i64 => sysCellRestart(c, a.a0));
define(sys.SYS_CONSOLE_WRITE, (c: Cell, t: u32, a: Args): i64 => sysConsoleWrite(c, a.a0, a.a1, a.a2));
define(sys.SYS_CONSOLE_READ, (c: Cell, t: u32, a: Args): i64 => sysConsoleRead(c, a.a0, a.a1, a.a2));
define(sys.SYS_KINFO, (c: Cell, t: u32, a: Args): i64 => sysKinfo(c, a.a0, a.a1, a.a2, a.a3));
define(sys.SYS_TIME, (c: Cell, t: u32, a: Args): i64 => sysTime());
define(sys.SYS_TRAP, (c: Cell, t: u32, a: Args): i64 => sysTrap(c, a.a0));
define(sys.SYS_IRQ_WAIT, (c: Cell, t: u32, a: Args): i64 => sysIrqWait(c, a.a0));
define(sys.SYS_IRQ_ACK, (c: Cell, t: u32, a: Args): i64 => sysIrqAck(c, a.a0));
define(sys.SYS_NOTIFY_CREATE, (c: Cell, t: u32, a: Args): i64 => sysNotifyCreate(c));
define(sys.SYS_ENDPOINT_CREATE, (c: Cell, t: u32, a: Args): i64 => sysEndpointCreate(c));
define(sys.SYS_FILE_READ, (c: Cell, t: u32, a: Args): i64 => sysFileRead(c, a.a0, a.a1, a.a2, a.a3, a.a4, a.a5));
define(sys.SYS_ARGS, (c: Cell, t: u32, a: Args): i64 => sysArgs(c, a.a0, a.a1));

// Read the number and arguments from the cell's saved registers, run the
// handler, write r0 (unless the handler or an IPC partner wrote the results).
function dispatch(cell: Cell, thread: u32): void {
  countSyscall();
  const num = userArg(thread, 0);
  let r: i64 = E_NOSYS;
  if (num < <u64>table.length) {
    const handler = unchecked(table[<i32>num]);
    if (handler !== null) {
      args.a0 = userArg(thread, 1);
      args.a1 = userArg(thread, 2);
      args.a2 = userArg(thread, 3);
      args.a3 = userArg(thread, 4);
      args.a4 = userArg(thread, 5);
      args.a5 = userArg(thread, 6);
      r = handler(cell, thread, args);
    }
  }
  if (r != KEEP) userResult(thread, 0, <u64>r);
}

// The thread of every cell (kernel/cell/lifecycle.ts starts it).
export function cellThread(): void {
  const t = currentThread();
  const cell = cellOfThread(t.id)!;
  userContextInit(t.id, cell.entry, STACK_TOP);
  while (!cell.killRequested) {
    // The tick takes a cell that never calls the kernel back, for its
    // slice and its budget.
    if (thisCpu().timerHz == 0) startTimer(CELL_TICK_HZ);
    const began = nowNs();
    const cause = runUser(t.id);
    cell.cpuNs += nowNs() - began;
    if (cause == USER_SYSCALL) {
      dispatch(cell, t.id);
    } else if (cause == USER_INTERRUPT) {
      preemptionPoint();
    } else {
      const pc = userFaultPc(),
        addr = userFaultAddress(),
        access = userFaultAccess();
      let why = faultResult(cause).replaceAll("-", " ") + " at pc 0x" + pc.toString(16);
      if (cause == USER_PAGE_FAULT)
        why = "page fault: " + accessName(access) + " of 0x" + addr.toString(16) + " at pc 0x" + pc.toString(16);
      fault(cell, cause, why);
    }
    if (cell.budgetNs != 0 && cell.cpuNs > cell.budgetNs && cell.state == CellState.Running) {
      fault(cell, FAULT_BUDGET, "ran past its CPU budget of " + (cell.budgetNs / 1_000_000).toString() + " ms");
    }
  }
  end(cell);
}
