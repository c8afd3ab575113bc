// Bounded C strings from boot records: at most `max` bytes (and never more than
// 4096), stopping at NUL; bytes outside printable ASCII become '?'.
import { load8 } from "../hal/memory";

export function readCString(addr: u64, max: u32): string {
  if (max > 4096) max = 4096;
  let s = "";
  for (let i: u32 = 0; i < max; i++) {
    const c = load8(addr + i);
    if (c == 0) break;
    s += String.fromCharCode(c >= 32 && c < 127 ? c : 63);
  }
  return s;
}
