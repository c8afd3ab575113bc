// kinfo, file_read, args, time (docs/syscalls.md): what a cell may learn,
// each but the clock and its own arguments through a capability.
import { KIND_KINFO, KIND_INITRD, R_READ } from "../../abi/caps";
import { E_FAULT, E_INVAL } from "../../abi/errors";
import { MAX_COPY, KINFO_COUNTERS } from "../../abi/syscalls";
import { capError } from "../cap/table";
import { Cell } from "../object/cell";
import { kinfoText } from "../object/kinfo";
import { InitrdObject } from "../object/initrd";
import { copyToUser } from "../cell/uaccess";
import { nowNs } from "../cpu/time";

export function sysKinfo(cell: Cell, slot: u64, what: u64, ptr: u64, len: u64): i64 {
  if (cell.table.lookup(<i64>slot, KIND_KINFO, R_READ) === null) return capError;
  if (what > <u64>KINFO_COUNTERS || len > <u64>MAX_COPY) return E_INVAL;
  const text = String.UTF8.encode(kinfoText(<u32>what));
  const n = <u32>min<u64>(<u64>text.byteLength, len);
  if (!copyToUser(cell.space!, ptr, changetype<usize>(text), n)) return E_FAULT;
  return <i64>n;
}

export function sysFileRead(cell: Cell, slot: u64, namePtr: u64, nameLen: u64, offset: u64, buf: u64, len: u64): i64 {
  const cap = cell.table.lookup(<i64>slot, KIND_INITRD, R_READ);
  if (cap === null) return capError;
  return changetype<InitrdObject>(cap.object).read(cell, namePtr, nameLen, offset, buf, len);
}

// The bytes its spawner gave the cell (the shell's command line; the
// kernel's command line for init): copies up to len, returns their length.
export function sysArgs(cell: Cell, ptr: u64, len: u64): i64 {
  const n = <u32>min<u64>(len, <u64>cell.args.length);
  if (n > 0 && !copyToUser(cell.space!, ptr, changetype<usize>(cell.args), n)) return E_FAULT;
  return <i64>cell.args.length;
}

export function sysTime(): i64 {
  return <i64>nowNs();
}
