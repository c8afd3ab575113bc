// cap_copy, cap_drop, cap_revoke, cap_info (docs/syscalls.md): the table
// (kernel/cap/table.ts) enforces that a copy never gains a right and that
// revoking reaches every descendant, in every cell.
import { E_INVAL, E_BADSLOT } from "../../abi/errors";
import { CAP_SLOTS } from "../../abi/caps";
import { Cell } from "../object/cell";

export function sysCapCopy(cell: Cell, slot: u64, mask: u64): i64 {
  if (mask > 0xffff_ffff) return E_INVAL;
  return cell.table.copy(<i64>slot, <u32>mask);
}

export function sysCapDrop(cell: Cell, slot: u64): i64 {
  const r = cell.table.drop(<i64>slot);
  return r < 0 ? r : 0;
}

export function sysCapRevoke(cell: Cell, slot: u64): i64 {
  return cell.table.revoke(<i64>slot);
}

export function sysCapInfo(cell: Cell, slot: u64): i64 {
  if (slot >= <u64>CAP_SLOTS) return E_BADSLOT;
  const cap = cell.table.get(<i64>slot);
  return cap === null ? 0 : <i64>(cap.kind | (cap.rights << 8));
}
