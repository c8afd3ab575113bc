// A cell's own life and the cells it controls (docs/syscalls.md): exit,
// trap, yield, sleep; spawn, cell_status, cell_kill, cell_restart.
import { E_INVAL, E_FAULT } from "../../abi/errors";
import { KIND_CELL, KIND_NOTIFICATION, R_SPAWN, R_CONTROL, R_SIGNAL, NO_SLOT } from "../../abi/caps";
import {
  CELL_RUNNING,
  MAX_SLEEP_NS,
  MAX_NAME,
  MAX_SPAWN_CAPS,
  MAX_SPAWN_ARGS,
  SPAWN_BLOCK_SIZE,
  SPAWN_NAME_PTR,
  SPAWN_NAME_LEN,
  SPAWN_NCAPS,
  SPAWN_CAPS_PTR,
  SPAWN_NOTIFY_SLOT,
  SPAWN_BUDGET_MS,
  SPAWN_ARGS_PTR,
  SPAWN_ARGS_LEN,
  SPAWN_RESERVED,
} from "../../abi/syscalls";
import { FAULT_WASM_TRAP, wasmTrapName } from "../../abi/traps";
import { userResult } from "../../hal/user";
import { capError } from "../cap/table";
import { Cell } from "../object/cell";
import { Notification } from "../object/notification";
import { copyFromUser } from "../cell/uaccess";
import { exitCell, fault, killCell, restartCell, spawnCell, spawnCode, DEFAULT_QUOTA } from "../cell/lifecycle";
import { sleepFor, yieldCpu } from "../sched/sched";
import { KEEP } from "./results";

export function sysExit(cell: Cell, code: u64): i64 {
  exitCell(cell, <i64>code);
  return 0;
}

export function sysTrap(cell: Cell, code: u64): i64 {
  fault(cell, FAULT_WASM_TRAP, "wasm trap: " + wasmTrapName(code));
  return 0;
}

export function sysYield(): i64 {
  yieldCpu();
  return 0;
}

export function sysSleep(cell: Cell, ns: u64): i64 {
  if (ns > MAX_SLEEP_NS) return E_INVAL;
  if (ns > 0 && !cell.killRequested) sleepFor(ns);
  return 0;
}

export function sysSpawn(cell: Cell, ctlSlot: u64, structPtr: u64): i64 {
  if (cell.table.lookup(<i64>ctlSlot, KIND_CELL, R_SPAWN) === null) return capError;
  const block = new StaticArray<u8>(SPAWN_BLOCK_SIZE);
  const a = changetype<usize>(block);
  if (!copyFromUser(cell.space!, a, structPtr, SPAWN_BLOCK_SIZE)) return E_FAULT;
  const namePtr = load<u64>(a + SPAWN_NAME_PTR),
    nameLen = load<u32>(a + SPAWN_NAME_LEN);
  const ncaps = load<u32>(a + SPAWN_NCAPS),
    capsPtr = load<u64>(a + SPAWN_CAPS_PTR);
  const notifySlot = load<u32>(a + SPAWN_NOTIFY_SLOT),
    budgetMs = load<u32>(a + SPAWN_BUDGET_MS);
  const argsPtr = load<u64>(a + SPAWN_ARGS_PTR),
    argsLen = load<u32>(a + SPAWN_ARGS_LEN);
  const reserved = load<u32>(a + SPAWN_RESERVED);
  if (nameLen == 0 || nameLen > MAX_NAME || ncaps > MAX_SPAWN_CAPS || argsLen > MAX_SPAWN_ARGS || reserved != 0) return E_INVAL;
  const argBytes = new StaticArray<u8>(<i32>argsLen);
  if (!copyFromUser(cell.space!, changetype<usize>(argBytes), argsPtr, argsLen)) return E_FAULT;
  const nameBuf = new StaticArray<u8>(<i32>nameLen);
  if (!copyFromUser(cell.space!, changetype<usize>(nameBuf), namePtr, nameLen)) return E_FAULT;
  const name = String.UTF8.decodeUnsafe(changetype<usize>(nameBuf), nameLen);
  const give = new Array<i64>();
  if (ncaps > 0) {
    const slots = new StaticArray<u32>(<i32>ncaps);
    if (!copyFromUser(cell.space!, changetype<usize>(slots), capsPtr, ncaps * 4)) return E_FAULT;
    for (let i = 0; i < <i32>ncaps; i++) give.push(<i64>slots[i]);
  }
  let notify: Notification | null = null;
  if (notifySlot != NO_SLOT) {
    const cap = cell.table.lookup(<i64>notifySlot, KIND_NOTIFICATION, R_SIGNAL);
    if (cap === null) return capError;
    notify = changetype<Notification>(cap.object);
  }
  const child = spawnCell(name, cell.table, give, notify, budgetMs, DEFAULT_QUOTA, argBytes);
  if (child === null) return spawnCode;
  const r = cell.table.insertRoot(child, R_CONTROL);
  if (r < 0) killCell(child);
  return r;
}

function controlled(cell: Cell, slot: u64): Cell | null {
  const cap = cell.table.lookup(<i64>slot, KIND_CELL, R_CONTROL);
  return cap === null ? null : changetype<Cell>(cap.object);
}

export function sysCellStatus(cell: Cell, thread: u32, slot: u64): i64 {
  const c = controlled(cell, slot);
  if (c === null) return capError;
  // A cell still tearing itself down is running for its supervisor: the
  // notification comes when it is done, and restart would be refused.
  userResult(thread, 0, c.thread !== null && !c.alive ? <u64>CELL_RUNNING : <u64>c.state);
  userResult(thread, 1, <u64>c.code);
  return KEEP;
}

export function sysCellKill(cell: Cell, slot: u64): i64 {
  const c = controlled(cell, slot);
  if (c === null) return capError;
  killCell(c);
  return 0;
}

export function sysCellRestart(cell: Cell, slot: u64): i64 {
  const c = controlled(cell, slot);
  if (c === null) return capError;
  return restartCell(c);
}
