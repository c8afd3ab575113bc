// Where a cell's thread spends its life: run the cell until it traps, then
// serve the trap. A system call goes through the dispatch table below, one
// case per number of abi/syscalls.ts; an interrupt is a preemption point;
// any other trap is a fault that ends the cell alone. The handlers, one group
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

// Read the number and arguments from the cell's saved registers, run the
// handler, write r0 (unless the handler or an IPC partner wrote the results).
// The table is a switch over abi/syscalls.ts's numbers, which AssemblyScript
// compiles to a wasm br_table: a number it has no case for, the 64-bit ones
// included, is E_NOSYS, with no upper limit written by hand
// (tests/host/abi.test.ts checks that every number has its case). A table of
// function references bounded by its length, as xv6 has, cost 177 more
// instructions per call on x86_64 and 287 on riscv64 (make bench's
// null-syscall under -icount), all of it the indirect call.
function dispatch(cell: Cell, thread: u32): void {
  countSyscall();
  const num = userArg(thread, 0);
  const a0 = userArg(thread, 1),
    a1 = userArg(thread, 2),
    a2 = userArg(thread, 3);
  const a3 = userArg(thread, 4),
    a4 = userArg(thread, 5),
    a5 = userArg(thread, 6);
  let r: i64 = E_NOSYS;
  if (num >> 32 == 0) {
    // prettier-ignore
    switch (<u32>num) {
      case sys.SYS_EXIT: r = sysExit(cell, a0); break;
      case sys.SYS_YIELD: r = sysYield(); break;
      case sys.SYS_SLEEP: r = sysSleep(cell, a0); break;
      case sys.SYS_MAP: r = sysMap(cell, a0, a1, a2, a3); break;
      case sys.SYS_UNMAP: r = sysUnmap(cell, a0, a1); break;
      case sys.SYS_MEM_CREATE: r = sysMemCreate(cell, a0); break;
      case sys.SYS_SEND: r = sysSend(cell, thread, a0, a1, a2, a3, a4, a5, false); break;
      case sys.SYS_RECV: r = sysRecv(cell, thread, a0); break;
      case sys.SYS_CALL: r = sysSend(cell, thread, a0, a1, a2, a3, a4, a5, true); break;
      case sys.SYS_REPLY: r = sysReply(cell, a0, a1, a2, a3, a4); break;
      case sys.SYS_REPLY_RECV: r = sysReplyRecv(cell, thread, a0, a1, a2, a3, a4, a5); break;
      case sys.SYS_NOTIFY: r = sysNotify(cell, a0, a1); break;
      case sys.SYS_WAIT: r = sysWait(cell, a0); break;
      case sys.SYS_POLL: r = sysPoll(cell, a0); break;
      case sys.SYS_CAP_COPY: r = sysCapCopy(cell, a0, a1); break;
      case sys.SYS_CAP_DROP: r = sysCapDrop(cell, a0); break;
      case sys.SYS_CAP_REVOKE: r = sysCapRevoke(cell, a0); break;
      case sys.SYS_CAP_INFO: r = sysCapInfo(cell, a0); break;
      case sys.SYS_SPAWN: r = sysSpawn(cell, a0, a1); break;
      case sys.SYS_CELL_STATUS: r = sysCellStatus(cell, thread, a0); break;
      case sys.SYS_CELL_KILL: r = sysCellKill(cell, a0); break;
      case sys.SYS_CELL_RESTART: r = sysCellRestart(cell, a0); break;
      case sys.SYS_CONSOLE_WRITE: r = sysConsoleWrite(cell, a0, a1, a2); break;
      case sys.SYS_CONSOLE_READ: r = sysConsoleRead(cell, a0, a1, a2); break;
      case sys.SYS_KINFO: r = sysKinfo(cell, a0, a1, a2, a3); break;
      case sys.SYS_TIME: r = sysTime(); break;
      case sys.SYS_TRAP: r = sysTrap(cell, a0); break;
      case sys.SYS_IRQ_WAIT: r = sysIrqWait(cell, a0); break;
      case sys.SYS_IRQ_ACK: r = sysIrqAck(cell, a0); break;
      case sys.SYS_NOTIFY_CREATE: r = sysNotifyCreate(cell); break;
      case sys.SYS_ENDPOINT_CREATE: r = sysEndpointCreate(cell); break;
      case sys.SYS_FILE_READ: r = sysFileRead(cell, a0, a1, a2, a3, a4, a5); break;
      case sys.SYS_ARGS: r = sysArgs(cell, a0, a1); break;
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
