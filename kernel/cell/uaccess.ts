// Cell memory, seen from the kernel. The kernel never dereferences a cell's
// address: it checks every page of the range in the cell's own page tables
// (mapped for the user, writable if it will write) and copies through the
// direct map. So SMAP stays on and sstatus.SUM stays clear, and a bad
// pointer is an error code (E_FAULT), never a kernel fault.
import { copyIn, copyOut } from "../../hal/memory";
import { FRAME } from "../mm/frames";
import { AddressSpace } from "./addrspace";
import { MAX_COPY } from "../../abi/syscalls";

// Whether [va, va + len) is all accessible (writable if `write`).
export function userRangeOk(s: AddressSpace, va: u64, len: u64, write: bool): bool {
  if (len == 0) return true;
  if (len > <u64>MAX_COPY || va + len < va) return false;
  const last = (va + len - 1) & ~(FRAME - 1);
  for (let p = va & ~(FRAME - 1); p <= last; p += FRAME) {
    if (s.userPhys(p, write) == U64.MAX_VALUE) return false;
  }
  return true;
}

// Copy len bytes at cell address va into linear memory at dst; false (and
// nothing copied) if any of it is not readable by the cell.
export function copyFromUser(s: AddressSpace, dst: usize, va: u64, len: u32): bool {
  if (!userRangeOk(s, va, len, false)) return false;
  const hhdm = s.pt.hhdm;
  let done: u32 = 0;
  while (done < len) {
    const at = va + done;
    const n = <u32>min<u64>(<u64>(len - done), FRAME - (at & (FRAME - 1)));
    copyIn(dst + done, hhdm + s.userPhys(at, false), n);
    done += n;
  }
  return true;
}

// Copy len bytes from linear memory at src to cell address va; false (and
// nothing copied) if any of it is not writable by the cell.
export function copyToUser(s: AddressSpace, va: u64, src: usize, len: u32): bool {
  if (!userRangeOk(s, va, len, true)) return false;
  const hhdm = s.pt.hhdm;
  let done: u32 = 0;
  while (done < len) {
    const at = va + done;
    const n = <u32>min<u64>(<u64>(len - done), FRAME - (at & (FRAME - 1)));
    copyOut(hhdm + s.userPhys(at, true), src + done, n);
    done += n;
  }
  return true;
}
