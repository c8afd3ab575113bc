// irq_wait, irq_ack (docs/syscalls.md): a user-space driver's interrupt line
// (kernel/object/irq.ts). irq_wait blocks until the line fires (returns at
// once if it fired and no wait has taken that yet); E_GONE if the capability
// is deleted meanwhile, E_BUSY if another thread waits on the line. irq_ack
// unmasks the line.
import { KIND_IRQ, R_WAIT, R_ACK } from "../../abi/caps";
import { E_GONE, E_BUSY, E_INVAL } from "../../abi/errors";
import { userResult } from "../../hal/user";
import { capError } from "../cap/table";
import { Cell } from "../object/cell";
import { IrqObject } from "../object/irq";
import { currentThread } from "../sched/sched";
import { KEEP } from "./results";

export function sysIrqWait(cell: Cell, slot: u64): i64 {
  const cap = cell.table.lookup(<i64>slot, KIND_IRQ, R_WAIT);
  if (cap === null) return capError;
  const irq = changetype<IrqObject>(cap.object);
  if (irq.pending) {
    irq.pending = false;
    return 0;
  }
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
