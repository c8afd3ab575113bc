// The shell's commands that only look: ps, mem, ledger (the kernel's text
// through kinfo) and caps (this shell's own capability table).
import * as sys from "../../lib/sys";
import { println } from "../../lib/console";
import { CONSOLE, KINFO } from "./jobs";

const TEXT: u32 = 64 * 1024; // the ledger grows with every cell started
const text = memory.data(TEXT);

export function kinfo(what: u32): void {
  const n = sys.kinfo(KINFO, what, text, TEXT);
  if (n < 0) {
    println("shell: kinfo: " + sys.errorName(n));
    return;
  }
  let done: i64 = 0;
  while (done < n) {
    const w = sys.consoleWrite(CONSOLE, text + <usize>done, <usize>(n - done));
    if (w <= 0) return;
    done += w;
  }
  if (<u32>n == TEXT) println("(truncated)");
}

function pad(s: string, n: i32): string {
  while (s.length < n) s += " ";
  return s;
}

export function caps(): void {
  println("slot  kind          rights");
  for (let slot: u32 = 0; slot < sys.CAP_SLOTS; slot++) {
    const r = sys.capInfo(slot);
    if (r <= 0) continue;
    const kind = (<u32>r) & 0xff,
      rights = <u32>(r >> 8);
    println(pad(slot.toString(), 6) + pad(sys.kindName(kind), 14) + (rights != 0 ? sys.rightsName(kind, rights) : "-"));
  }
}
