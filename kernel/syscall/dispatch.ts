// The system-call entry: read the number and arguments from the cell's
// saved registers, run the handler, write r0. Handlers live one group per
// file; each checks its capabilities and every user pointer and length, and
// answers a bad argument with an error code (docs/syscalls.md).
import { userArg, userResult } from "../../hal/hal";
import { E_NOSYS } from "../../abi/errors";
import { Cell } from "../object/cell";
import * as n from "../../abi/syscalls";
import { sysMap, sysUnmap, sysMemCreate } from "./memory";
import { sysSend, sysRecv, sysReply, sysReplyRecv, sysNotify, sysWait, sysPoll, sysNotifyCreate, sysEndpointCreate } from "./ipc";
import { sysCapCopy, sysCapDrop, sysCapRevoke, sysCapInfo } from "./caps";
import { sysSpawn, sysArgs, sysCellStatus, sysCellKill, sysCellRestart, sysExit, sysTrap } from "./cells";
import { sysFileRead } from "./files";
import { sysConsoleWrite, sysConsoleRead, sysKinfo, sysTime, sysSleep, sysYield, sysIrqWait, sysIrqAck } from "./misc";

export let syscallCount: u64 = 0;

export function dispatchSyscall(cell: Cell, thread: u32): void {
  syscallCount++;
  const num = userArg(thread, 0);
  const a0 = userArg(thread, 1), a1 = userArg(thread, 2), a2 = userArg(thread, 3);
  const a3 = userArg(thread, 4), a4 = userArg(thread, 5), a5 = userArg(thread, 6);
  let r: i64 = E_NOSYS;
  if (num <= 32) {
    switch (<u32>num) {
      case n.SYS_EXIT: r = sysExit(cell, a0); break;
      case n.SYS_YIELD: r = sysYield(); break;
      case n.SYS_SLEEP: r = sysSleep(cell, a0); break;
      case n.SYS_MAP: r = sysMap(cell, a0, a1, a2, a3); break;
      case n.SYS_UNMAP: r = sysUnmap(cell, a0, a1); break;
      case n.SYS_MEM_CREATE: r = sysMemCreate(cell, a0); break;
      case n.SYS_SEND: r = sysSend(cell, thread, a0, a1, a2, a3, a4, a5, false); break;
      case n.SYS_RECV: r = sysRecv(cell, thread, a0); break;
      case n.SYS_CALL: r = sysSend(cell, thread, a0, a1, a2, a3, a4, a5, true); break;
      case n.SYS_REPLY: r = sysReply(cell, a0, a1, a2, a3, a4); break;
      case n.SYS_REPLY_RECV: r = sysReplyRecv(cell, thread, a0, a1, a2, a3, a4, a5); break;
      case n.SYS_NOTIFY: r = sysNotify(cell, a0, a1); break;
      case n.SYS_WAIT: r = sysWait(cell, a0); break;
      case n.SYS_POLL: r = sysPoll(cell, a0); break;
      case n.SYS_CAP_COPY: r = sysCapCopy(cell, a0, a1); break;
      case n.SYS_CAP_DROP: r = sysCapDrop(cell, a0); break;
      case n.SYS_CAP_REVOKE: r = sysCapRevoke(cell, a0); break;
      case n.SYS_CAP_INFO: r = sysCapInfo(cell, a0); break;
      case n.SYS_SPAWN: r = sysSpawn(cell, a0, a1); break;
      case n.SYS_CELL_STATUS: r = sysCellStatus(cell, thread, a0); break;
      case n.SYS_CELL_KILL: r = sysCellKill(cell, a0); break;
      case n.SYS_CELL_RESTART: r = sysCellRestart(cell, a0); break;
      case n.SYS_CONSOLE_WRITE: r = sysConsoleWrite(cell, a0, a1, a2); break;
      case n.SYS_CONSOLE_READ: r = sysConsoleRead(cell, a0, a1, a2); break;
      case n.SYS_KINFO: r = sysKinfo(cell, a0, a1, a2, a3); break;
      case n.SYS_TIME: r = sysTime(); break;
      case n.SYS_TRAP: r = sysTrap(cell, a0); break;
      case n.SYS_IRQ_WAIT: r = sysIrqWait(cell, a0); break;
      case n.SYS_IRQ_ACK: r = sysIrqAck(cell, a0); break;
      case n.SYS_NOTIFY_CREATE: r = sysNotifyCreate(cell); break;
      case n.SYS_ENDPOINT_CREATE: r = sysEndpointCreate(cell); break;
      case n.SYS_FILE_READ: r = sysFileRead(cell, a0, a1, a2, a3, a4, a5); break;
      case n.SYS_ARGS: r = sysArgs(cell, a0, a1); break;
    }
  }
  if (r != n.KEEP) userResult(thread, 0, <u64>r);
}
