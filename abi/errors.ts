// The error codes system calls return in r0 (docs/syscalls.md): negative,
// so that zero and up stay free for results. Kernel code returns them as i64
// straight through to the cell.
export const E_NOSYS: i64 = -1; // no such system call
export const E_BADSLOT: i64 = -2; // the slot is out of range or empty
export const E_KIND: i64 = -3; // the capability is of the wrong kind
export const E_RIGHTS: i64 = -4; // the capability lacks a right the call needs
export const E_FAULT: i64 = -5; // a pointer or length the cell may not use that way
export const E_INVAL: i64 = -6; // an argument out of range
export const E_NOMEM: i64 = -7; // out of frames or over quota
export const E_FULL: i64 = -8; // the capability table (or a mapping table) is full
export const E_GONE: i64 = -9; // revoked, or the peer died, while the call waited
export const E_NOENT: i64 = -10; // no verified image of that name
export const E_REFUSED: i64 = -11; // the image was refused
export const E_BUSY: i64 = -12; // in use, or in a state that forbids it

// "E_RIGHTS" for -4, "ok" for any result, for logs and the ledger.
export function errorName(e: i64): string {
  if (e >= 0) return "ok";
  if (e >= -12)
    switch (<i32>e) {
      case -1:
        return "E_NOSYS";
      case -2:
        return "E_BADSLOT";
      case -3:
        return "E_KIND";
      case -4:
        return "E_RIGHTS";
      case -5:
        return "E_FAULT";
      case -6:
        return "E_INVAL";
      case -7:
        return "E_NOMEM";
      case -8:
        return "E_FULL";
      case -9:
        return "E_GONE";
      case -10:
        return "E_NOENT";
      case -11:
        return "E_REFUSED";
      case -12:
        return "E_BUSY";
    }
  return "E_" + e.toString(); // not a code this kernel returns
}
